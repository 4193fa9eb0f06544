// `kubectl debug` adding ephemeral containers to a running pod: one Warning each, the container ended
// in the pod's status, and the container group untouched (no update call, no restart).
import { jest } from '@jest/globals';
import { PodLoop } from './harness.js';

jest.setTimeout(60_000);

describe('ephemeral containers on a running pod', () => {
  let loop: PodLoop;
  let updateCalls = 0;

  beforeEach(async () => {
    loop = new PodLoop();
    await loop.open();
    const update = loop.simulator.updateContainerGroup.bind(loop.simulator);
    loop.simulator.updateContainerGroup = (id, patch) => {
      updateCalls++;
      return update(id, patch);
    };
    updateCalls = 0;
    await loop.startController();
  });
  afterEach(() => loop.close());

  const ended = (name: string) =>
    loop.pod('web')?.status?.ephemeralContainerStatuses?.find((s) => s.name === name)?.state?.terminated;

  test('each is reported once and ended at once; the group is not updated', async () => {
    loop.createPod('web', { uid: 'u-web', image: 'nginx' });
    await loop.until('web Running', () => loop.pod('web')?.status?.phase === 'Running');
    loop.addEphemeralContainer('web', 'dbg', 'busybox');
    await loop.until('dbg ended', () => ended('dbg') !== undefined);
    expect(ended('dbg')).toMatchObject({ exitCode: 128, reason: 'StartError' });
    loop.addEphemeralContainer('web', 'dbg2', 'alpine');
    await loop.until('dbg2 ended', () => ended('dbg2') !== undefined);
    await loop.advance(60_000, 1_000);

    expect(loop.eventMessages('web', 'ProviderUpdateFailed')).toEqual([
      expect.stringMatching(
        /^spec\.ephemeralContainers\[0\]: dbg \(image busybox\) was not applied: ECI cannot add a container to a running container group: .*; the pod keeps its containers running, untouched; debug a copy instead: kubectl debug web --copy-to=web-debug --image=busybox --share-processes -c debugger -- sleep infinity, then kubectl exec -it web-debug -c debugger -- sh; or run a shell in a running container: kubectl exec -it web -- sh$/,
      ),
      expect.stringMatching(
        /^spec\.ephemeralContainers\[1\]: dbg2 \(image alpine\) was not applied: .*--image=alpine /,
      ),
    ]);
    expect(updateCalls).toBe(0);
    expect(loop.pod('web')?.status?.phase).toBe('Running');
    expect(loop.pod('web')?.status?.containerStatuses?.[0]?.restartCount).toBe(0);
  });
});
