// Updates ECI refuses (UpdateContainerGroup answering InvalidParameter): one Warning naming the field,
// the value and the fix; the pod keeps what it runs; no call is repeated for the same change.
import { jest } from '@jest/globals';
import { PodLoop } from './harness.js';

jest.setTimeout(60_000);

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';

describe('an in-place update ECI refuses', () => {
  let loop: PodLoop;
  let updateCalls = 0;
  const phase = (): string | undefined => loop.pod('web')?.status?.phase;

  beforeEach(async () => {
    loop = new PodLoop();
    await loop.open();
    const update = loop.simulator.updateContainerGroup.bind(loop.simulator);
    updateCalls = 0;
    loop.simulator.updateContainerGroup = (id, patch) => {
      updateCalls++;
      return update(id, patch);
    };
    await loop.startController();
  });
  afterEach(() => loop.close());

  test('kubectl set image: the pod keeps running the old image', async () => {
    loop.createPod('web', { uid: 'u-web', image: 'nginx:1.27' });
    await loop.until('web Running', () => phase() === 'Running');
    loop.setFaults({ refuseUpdates: 'The image is not allowed.' });
    loop.setImage('web', 'nginx:1.28');
    await loop.until('the warning', () => loop.eventReasons('web').includes('ProviderUpdateFailed'));
    await loop.advance(60_000, 1_000);
    expect(updateCalls).toBe(1);
    const warnings = loop.eventMessages('web', 'ProviderUpdateFailed');
    expect(warnings).toEqual([
      expect.stringMatching(
        /^spec\.containers\[0\]\.image: "nginx:1\.28" was not applied: ECI refused .*InvalidParameter: The image is not allowed\.; the pod keeps running app=nginx:1\.27; set an image ECI can pull and run, or recreate the pod$/,
      ),
    ]);
    expect(loop.pod('web')?.status?.containerStatuses?.[0]?.image).toBe('nginx:1.27');
    expect(phase()).toBe('Running');
  });

  test('an edited ConfigMap: the pod keeps its files until the ConfigMap changes again', async () => {
    loop.api.put(CONFIGMAPS, { metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'a' } });
    loop.createPod('web', {
      uid: 'u-web',
      spec: {
        volumes: [{ name: 'cfg', configMap: { name: 'settings' } }],
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sleep', 'infinity'],
            volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }],
          },
        ],
      },
    });
    await loop.until('web Running', () => phase() === 'Running');
    loop.setFaults({ refuseUpdates: 'Volume is invalid.' });
    loop.api.put(CONFIGMAPS, { metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'b' } });
    await loop.until('the warning', () => loop.eventReasons('web').includes('ProviderUpdateFailed'), 90_000);
    await loop.advance(120_000, 1_000);
    expect(updateCalls).toBe(1);
    expect(loop.eventMessages('web', 'ProviderUpdateFailed')).toEqual([
      expect.stringMatching(
        /^spec\.volumes: new contents of cfg was not applied: ECI refused .*Volume is invalid\.; the pod keeps its current files; /,
      ),
    ]);
    expect(await loop.cat('web', '/etc/cfg/mode')).toBe('a\n');
    // ECI accepts again, and the ConfigMap changes again: the files follow.
    loop.setFaults({ refuseUpdates: '' });
    loop.api.put(CONFIGMAPS, { metadata: { name: 'settings', namespace: 'default' }, data: { mode: 'c' } });
    await loop.untilFile('web', '/etc/cfg/mode', 'c\n');
  });
});
