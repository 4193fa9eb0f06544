// Mounted ConfigMap and Secret files of running groups follow their objects (src/pods/mount-refresh.ts),
// through the real pod loop (harness.ts): what a user would see with kubectl exec cat and kubectl describe.
import { jest } from '@jest/globals';
import type * as k8s from '@kubernetes/client-node';
import type { Backend } from '../../../providers/backend.js';
import type { EventRecorder } from '../../../src/kube/index.js';
import { MountRefresher } from '../../../src/pods/mount-refresh.js';
import type { GroupEntry } from '../../../src/pods/registry.js';
import { emptyRefs } from '../translate/fixtures.js';
import { PodLoop } from './harness.js';

jest.setTimeout(60_000);

const CONFIGMAPS = '/api/v1/namespaces/default/configmaps';
const SECRETS = '/api/v1/namespaces/default/secrets';

describe('mounted files of running pods', () => {
  let loop: PodLoop;
  const phase = (name: string): string | undefined => loop.pod(name)?.status?.phase;
  const settings = (data: Record<string, string>) =>
    loop.api.put(CONFIGMAPS, { metadata: { name: 'settings', namespace: 'default' }, data });
  const mounted = (volumes: k8s.V1Volume[], restartPolicy: 'Always' | 'Never' = 'Always') =>
    loop.createPod('web', {
      uid: 'u-web',
      restartPolicy,
      command: ['sleep', 'infinity'],
      spec: {
        volumes,
        containers: [
          {
            name: 'app',
            image: 'busybox',
            command: ['sleep', 'infinity'],
            volumeMounts: volumes.map((v) => ({ name: v.name, mountPath: `/etc/${v.name}` })),
          },
        ],
      },
    });

  beforeEach(async () => {
    loop = new PodLoop();
    await loop.open();
    await loop.startController();
  });
  afterEach(() => loop.close());

  test('an edited ConfigMap reaches the files of the running group within 90 s, in the same group', async () => {
    settings({ mode: 'slow' });
    mounted([{ name: 'cfg', configMap: { name: 'settings' } }]);
    await loop.until('web Running', () => phase('web') === 'Running');
    const groupId = loop.liveGroups()[0].id;
    expect(await loop.cat('web', '/etc/cfg/mode')).toBe('slow\n');
    settings({ mode: 'fast' });
    await loop.untilFile('web', '/etc/cfg/mode', 'fast\n');
    await loop.until('web Running', () => phase('web') === 'Running');
    expect(loop.liveGroups()).toEqual([expect.objectContaining({ id: groupId })]);
    expect(loop.eventReasons('web')).toContain('VolumesUpdated');
  });

  test('a Secret and a projected ConfigMap source are refreshed too; an unchanged object updates nothing', async () => {
    settings({ mode: 'slow' });
    loop.api.put(SECRETS, { metadata: { name: 'creds', namespace: 'default' }, stringData: { user: 'a' } });
    mounted([
      { name: 'sec', secret: { secretName: 'creds' } },
      { name: 'all', projected: { sources: [{ configMap: { name: 'settings' } }] } },
    ]);
    await loop.until('web Running', () => phase('web') === 'Running');
    // Labels changed, contents did not: no update, no restart.
    loop.api.put(CONFIGMAPS, {
      metadata: { name: 'settings', namespace: 'default', labels: { touched: 'yes' } },
      data: { mode: 'slow' },
    });
    await loop.advance(90_000, 1_000);
    expect(loop.eventReasons('web')).not.toContain('VolumesUpdated');
    loop.api.put(SECRETS, { metadata: { name: 'creds', namespace: 'default' }, stringData: { user: 'b' } });
    await loop.untilFile('web', '/etc/sec/user', 'b\n');
    // Events name the volumes, never the contents.
    expect(loop.eventMessages('web', 'VolumesUpdated')).toEqual([
      expect.stringMatching(
        /^Updated the files of sec, all in container group eci-\w+: ECI restarts its containers/,
      ),
    ]);
  });

  test('a ConfigMap grown past 32 KiB: a Warning naming the field, value and fix, once; the pod keeps running its files', async () => {
    settings({ mode: 'slow' });
    mounted([{ name: 'cfg', configMap: { name: 'settings' } }]);
    await loop.until('web Running', () => phase('web') === 'Running');
    settings({ mode: 'x'.repeat(40_000) });
    await loop.until('the warning', () => loop.eventReasons('web').includes('ProviderUpdateFailed'), 90_000);
    await loop.advance(120_000, 1_000);
    const warnings = loop.eventMessages('web', 'ProviderUpdateFailed');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('spec.volumes[0].configMap (ConfigMap settings)');
    expect(warnings[0]).toContain('file "mode" (40000 bytes)');
    expect(warnings[0]).toContain('the pod keeps its current files');
    expect(warnings[0]).toContain('mount only the keys needed with items');
    expect(phase('web')).toBe('Running');
    expect(await loop.cat('web', '/etc/cfg/mode')).toBe('slow\n');
  });

  test('restartPolicy Never: ECI would restart the containers, so the files stay and a Warning says why', async () => {
    settings({ mode: 'slow' });
    mounted([{ name: 'cfg', configMap: { name: 'settings' } }], 'Never');
    await loop.until('web Running', () => phase('web') === 'Running');
    settings({ mode: 'fast' });
    await loop.until('the warning', () => loop.eventReasons('web').includes('ProviderUpdateFailed'), 90_000);
    expect(loop.eventMessages('web', 'ProviderUpdateFailed')[0]).toContain('restartPolicy is Never');
    expect(await loop.cat('web', '/etc/cfg/mode')).toBe('slow\n');
  });

  test('after a controller restart, an edit still reaches the files of the groups it adopted', async () => {
    settings({ mode: 'slow' });
    mounted([{ name: 'cfg', configMap: { name: 'settings' } }]);
    await loop.until('web Running', () => phase('web') === 'Running');
    await loop.stopController();
    await loop.startController();
    await loop.advance(5_000);
    expect(loop.eventReasons('web')).not.toContain('VolumesUpdated');
    settings({ mode: 'fast' });
    await loop.untilFile('web', '/etc/cfg/mode', 'fast\n');
  });

  test('a pod whose ConfigMap is too large for ECI waits with a Warning, and starts once it is shrunk', async () => {
    settings({ mode: 'x'.repeat(40_000) });
    mounted([{ name: 'cfg', configMap: { name: 'settings' } }]);
    // The event and the status are written one after the other: wait for both.
    await loop.until(
      'waiting, with the warning',
      () =>
        loop.pod('web')?.status?.containerStatuses?.[0]?.state?.waiting?.reason ===
          'CreateContainerConfigError' && loop.eventReasons('web').includes('Failed'),
    );
    expect(loop.eventMessages('web', 'Failed')[0]).toContain('file "mode" (40000 bytes)');
    expect(loop.liveGroups()).toEqual([]);
    settings({ mode: 'small' });
    await loop.until('web Running', () => phase('web') === 'Running', 10_000);
    expect(await loop.cat('web', '/etc/cfg/mode')).toBe('small\n');
  });

  test('downwardAPI files follow the labels they show; our own status and annotation writes cost no update', async () => {
    mounted([
      {
        name: 'info',
        downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
      },
    ]);
    await loop.until('web Running', () => phase('web') === 'Running');
    await loop.advance(30_000, 1_000);
    expect(loop.eventReasons('web')).not.toContain('VolumesUpdated');
    const pod = loop.pod('web');
    loop.api.put('/api/v1/namespaces/default/pods', {
      ...pod,
      metadata: { ...pod?.metadata, labels: { tier: 'gold' } },
    } as never);
    await loop.untilFile('web', '/etc/info/labels', 'tier="gold"\n');
  });
});

describe('MountRefresher reads', () => {
  test('enough objects each 2 s tick that every one of 3,000 is read within a minute', () => {
    const refresher = new MountRefresher({
      backend: {} as Backend,
      events: {} as EventRecorder,
      references: () => Promise.resolve(emptyRefs()),
      volumesOf: () => [],
    });
    for (let i = 0; i < 3_000; i++) {
      const pod: k8s.V1Pod = {
        metadata: { name: `p${i}`, namespace: 'default' },
        spec: { containers: [], volumes: [{ name: 'cfg', configMap: { name: `cm${i}` } }] },
      };
      const entry: GroupEntry = {
        containerGroupId: `g${i}`,
        podKey: `default/p${i}`,
        podUid: `u${i}`,
        knownSince: 0,
      };
      refresher.track(pod, entry, [], emptyRefs());
    }
    const read = new Set<string>();
    for (let tick = 0; tick < 30; tick++) {
      const due = refresher.due(2_000, 50);
      expect(due).toHaveLength(100);
      for (const ref of due) read.add(ref.name);
    }
    expect(read.size).toBe(3_000);
  });
});
