// Ephemeral containers (`kubectl debug`) on ECI: ended at once with the why and the fix, stably.
import type { V1Pod } from '@kubernetes/client-node';
import { ephemeralContainerStatuses, newEphemeralContainers } from '../../../src/translate/ephemeral.js';

const NOW = new Date('2026-12-06T04:00:00Z');

function pod(ephemeral: string[], written: string[] = [], finishedAt?: Date): V1Pod {
  return {
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      containers: [{ name: 'app', image: 'nginx' }],
      ephemeralContainers: ephemeral.map((name) => ({ name, image: 'busybox' })),
    },
    status: {
      ephemeralContainerStatuses: written.map((name) => ({
        name,
        image: 'busybox',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { terminated: { exitCode: 128, finishedAt } },
      })),
    },
  };
}

describe('ephemeral containers', () => {
  it('none: no statuses', () => {
    expect(ephemeralContainerStatuses(pod([]), NOW)).toBeUndefined();
  });

  it('each is terminated with StartError, exit code 128 and a message naming the container, the why and the fix', () => {
    const [dbg] = ephemeralContainerStatuses(pod(['dbg']), NOW) ?? [];
    expect(dbg).toMatchObject({
      name: 'dbg',
      image: 'busybox',
      ready: false,
      started: false,
      restartCount: 0,
    });
    expect(dbg.state?.terminated).toMatchObject({ exitCode: 128, reason: 'StartError', finishedAt: NOW });
    expect(dbg.state?.terminated?.message).toBe(
      'ECI cannot add container "dbg" to the running container group of pod "web": a container group\'s ' +
        'containers are fixed when it is created, and updating them restarts every container; debug a copy ' +
        'instead: kubectl debug web --copy-to=web-debug --image=busybox --share-processes -c debugger -- sleep ' +
        'infinity, then kubectl exec -it web-debug -c debugger -- sh; or run a shell in a running container: ' +
        'kubectl exec -it web -- sh',
    );
  });

  it('keeps the finishedAt already written, so the same status is computed at every sync', () => {
    const earlier = new Date('2026-12-06T03:00:00Z');
    const statuses = ephemeralContainerStatuses(pod(['dbg', 'dbg2'], ['dbg'], earlier), NOW) ?? [];
    expect(statuses.map((s) => s.state?.terminated?.finishedAt)).toEqual([earlier, NOW]);
  });

  it('the new ones are those the written status does not list yet', () => {
    expect(newEphemeralContainers(pod(['dbg', 'dbg2'], ['dbg'])).map((c) => c.name)).toEqual(['dbg2']);
    expect(newEphemeralContainers(pod(['dbg'], ['dbg']))).toEqual([]);
  });
});
