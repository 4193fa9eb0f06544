import type * as k8s from '@kubernetes/client-node';
import type { EciProfile } from '../../../src/profile/types.js';
import { EciProfileWatcher } from '../../../src/profile/watch.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';
import { waitFor } from './wait.js';

const CONFIGMAPS = '/api/v1/namespaces/kube-system/configmaps';
const EVENTS = '/api/v1/namespaces/kube-system/events';

const GOOD = JSON.stringify([
  { name: 'eci-selector-1', namespaceSelector: { matchLabels: { type: 'eci' } } },
  {
    name: 'gpu-namespace-selector-1',
    namespaceSelector: { matchLabels: { gpu: 'true' } },
    effect: { annotations: { 'k8s.aliyun.com/eci-use-specs': 'ecs.gn6v-c8g1.2xlarge' } },
  },
]);

function configMap(data: Record<string, string>, name = 'eci-profile') {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system' }, data };
}

function events(fake: FakeApiServer): k8s.CoreV1Event[] {
  return fake.requests
    .filter((r) => r.method === 'POST' && r.path === EVENTS)
    .map((r) => r.body as k8s.CoreV1Event);
}

describe('EciProfileWatcher against an API server', () => {
  let fake: FakeApiServer;
  let watcher: EciProfileWatcher;
  const changes: EciProfile[] = [];

  beforeEach(async () => {
    fake = new FakeApiServer();
    changes.length = 0;
  });

  afterEach(async () => {
    await watcher.stop();
    await fake.stop();
  });

  async function startWatcher(): Promise<void> {
    watcher = new EciProfileWatcher(await fake.start(), { component: 'test-webhook' });
    watcher.onChange((p) => changes.push(p));
    watcher.start();
    await waitFor('the first list', () => watcher.hasSynced);
    await waitFor('the watch', () => fake.watcherCount(CONFIGMAPS) > 0);
  }

  it('starts with the built-in selectors only when the ConfigMap is absent', async () => {
    await startWatcher();
    expect(watcher.current()).toEqual({ selectors: [] });
    const list = fake.requests.find((r) => r.path === CONFIGMAPS);
    expect(list?.query.get('fieldSelector')).toBe('metadata.name=eci-profile');
  });

  it('follows edits live, keeps the last good configuration on a bad edit, and records a Warning Event', async () => {
    fake.put(CONFIGMAPS, configMap({ selectors: GOOD, vSwitchIds: 'vsw-a,vsw-b', securityGroupId: 'sg-1' }));
    await startWatcher();
    expect(watcher.current().selectors.map((s) => s.name)).toEqual([
      'eci-selector-1',
      'gpu-namespace-selector-1',
    ]);
    expect(watcher.current().vSwitchIds).toEqual(['vsw-a', 'vsw-b']);

    // A typo in one selector: that selector keeps its last good version, the new one applies.
    const broken = JSON.stringify([
      { name: 'eci-selector-1', namespaceSelector: { matchLabels: { type: 'eci' } } },
      { name: 'gpu-namespace-selector-1', namespaceSelector: { matchLabels: { gpu: true } } },
      { name: 'amd', objectSelector: { matchLabels: { amd: 'true' } } },
    ]);
    fake.put(
      CONFIGMAPS,
      configMap({ selectors: broken, vSwitchIds: 'vsw-a,vsw-b', securityGroupId: 'sg-1' }),
    );
    await waitFor('the edit', () => watcher.current().selectors.length === 3);
    expect(watcher.current().selectors[1].namespaceSelector).toEqual({ matchLabels: { gpu: 'true' } });
    expect(watcher.current().selectors[2].name).toBe('amd');

    const [event] = await waitFor('the event', () => events(fake).length === 1 && events(fake));
    expect(event).toMatchObject({
      type: 'Warning',
      reason: 'InvalidEciProfile',
      involvedObject: { kind: 'ConfigMap', namespace: 'kube-system', name: 'eci-profile' },
      source: { component: 'test-webhook' },
    });
    expect(event.message).toMatch(
      /selectors\[1\] "gpu-namespace-selector-1": namespaceSelector\.matchLabels\["gpu"\] must be a string/,
    );
    expect(event.message).toMatch(/quote it/);

    // Invalid JSON: everything stays as it was.
    fake.put(
      CONFIGMAPS,
      configMap({ selectors: '[{"name":', vSwitchIds: 'vsw-a,vsw-b', securityGroupId: 'sg-1' }),
    );
    await waitFor('the second event', () => events(fake).length === 2);
    expect(watcher.current().selectors.map((s) => s.name)).toEqual([
      'eci-selector-1',
      'gpu-namespace-selector-1',
      'amd',
    ]);
    expect(events(fake)[1].message).toMatch(/not valid JSON/);
  });

  it("honours resourceGroupId and enableClusterIp, and names ACK's keys it does not act on in one Warning Event", async () => {
    fake.put(
      CONFIGMAPS,
      configMap({
        vSwitchIds: 'vsw-a',
        vpcId: 'vpc-bp1abc',
        resourceGroupId: 'rg-acfm',
        enableClusterIp: 'false',
        enablePrivateZone: 'false',
        enableLogController: 'true',
      }),
    );
    await startWatcher();
    expect(watcher.current()).toMatchObject({ resourceGroupId: 'rg-acfm', enableClusterIp: false });
    const [event] = await waitFor('the event', () => events(fake).length === 1 && events(fake));
    expect(event).toMatchObject({
      type: 'Warning',
      reason: 'UnsupportedEciProfileKey',
      involvedObject: { kind: 'ConfigMap', name: 'eci-profile' },
    });
    expect(event.message).toMatch(/^eci-profile vpcId: "vpc-bp1abc" is recognised but not supported/);
    expect(event.message).toMatch(/eci-profile enableLogController: "true" is recognised/);
    expect(event.message).not.toMatch(/enablePrivateZone|resourceGroupId|enableClusterIp/);
  });

  it('ignores other ConfigMaps and goes back to the built-ins when eci-profile is deleted', async () => {
    fake.put(CONFIGMAPS, configMap({ selectors: GOOD }));
    await startWatcher();
    const before = changes.length;
    fake.put(CONFIGMAPS, configMap({ selectors: '[' }, 'other'));
    fake.remove(CONFIGMAPS, 'eci-profile');
    await waitFor('the deletion', () => watcher.current().selectors.length === 0);
    expect(changes.length).toBe(before + 1);
    expect(events(fake)).toEqual([]);
  });

  it('keeps watching after the stream closes and after a failed list', async () => {
    fake.failures.push({ method: 'GET', pathPrefix: CONFIGMAPS, status: 500, times: 1 });
    await startWatcher();
    fake.closeWatches();
    await waitFor('the re-watch', () => fake.watcherCount(CONFIGMAPS) > 0);
    fake.put(CONFIGMAPS, configMap({ selectors: GOOD }));
    await waitFor('the new ConfigMap', () => watcher.current().selectors.length === 2);
  });
});
