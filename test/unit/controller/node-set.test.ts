import type * as k8s from '@kubernetes/client-node';
import { ManualClock } from '../../../providers/clock.js';
import type { NodeRuntime } from '../../../src/controller/node-runtime.js';
import { NodeSet } from '../../../src/controller/node-set.js';
import type { KubeRest } from '../../../src/kube/index.js';
import { namedArmTwinOf, type NodePlan } from '../../../src/node/index.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';
import { until } from '../../support/until.js';

const NODES = '/api/v1/nodes';
const plan = (zone: string): NodePlan => ({
  name: `virtual-kubelet-cn-hangzhou-${zone}`,
  zone: `cn-hangzhou-${zone}`,
  vSwitchIds: [`vsw-${zone}`],
  fallbackVSwitchIds: [],
});
const B = plan('b');
const C = plan('c');

interface FakeRuntime extends NodeRuntime {
  pods: number;
  running: boolean;
}

describe('the zone nodes of a controller', () => {
  const api = new FakeApiServer();
  const clock = new ManualClock(Date.now());
  let rest: KubeRest;
  let nodes: NodeSet;
  const runtimes = new Map<string, FakeRuntime>();

  beforeEach(async () => {
    rest = await api.start();
    for (const p of [B, C]) {
      api.put(NODES, {
        metadata: { name: p.name },
        spec: { taints: [{ key: 'virtual-kubelet.io/provider', effect: 'NoSchedule' }] },
      });
    }
    nodes = new NodeSet({
      api: rest,
      clock,
      runtime: (current) => {
        const runtime: FakeRuntime = {
          name: current().name,
          pods: 0,
          running: false,
          get podCount() {
            return this.pods;
          },
          start: async () => void (runtime.running = true),
          stop: async () => void (runtime.running = false),
        };
        runtimes.set(runtime.name, runtime);
        return runtime;
      },
    });
    void nodes.sweep();
  });

  afterEach(async () => {
    await nodes.stop();
    clock.advance(10_000);
    rest.close();
    await api.stop();
  });

  const node = (name: string) => api.objects(NODES).get(name) as k8s.V1Node | undefined;

  it('a zone that leaves: cordoned while it has pods, then stopped and deleted', async () => {
    await nodes.setPlans([B, C]);
    await Promise.all(nodes.names().map((n) => nodes.run(n)));
    const c = runtimes.get(C.name);
    if (c === undefined) throw new Error('no runtime for zone c');
    c.pods = 2;
    await nodes.setPlans([B]);
    expect(nodes.names()).toEqual([B.name, C.name]);
    clock.advance(5_000);
    await until('zone c cordoned', () => node(C.name)?.spec?.unschedulable === true);
    expect(node(C.name)?.spec?.taints).toContainEqual({
      key: 'ack-virtual-node.alibabacloud.com/zone-removed',
      value: 'true',
      effect: 'NoSchedule',
    });
    expect(node(C.name)?.spec?.taints).toContainEqual({
      key: 'virtual-kubelet.io/provider',
      effect: 'NoSchedule',
    });
    expect(c.running).toBe(true);
    expect(node(B.name)?.spec?.unschedulable).toBeUndefined();

    c.pods = 0;
    clock.advance(5_000);
    // The fake API server removes the node before its answer reaches the NodeSet: wait for both.
    await until(
      'zone c deleted and forgotten',
      () => node(C.name) === undefined && nodes.names().length === 1,
    );
    expect(c.running).toBe(false);
    expect(nodes.names()).toEqual([B.name]);
  });

  it('a zone that comes back before its node is empty is uncordoned', async () => {
    await nodes.setPlans([B, C]);
    await Promise.all(nodes.names().map((n) => nodes.run(n)));
    const c = runtimes.get(C.name);
    if (c === undefined) throw new Error('no runtime for zone c');
    c.pods = 1;
    await nodes.setPlans([B]);
    clock.advance(5_000);
    await until('zone c cordoned', () => node(C.name)?.spec?.unschedulable === true);
    await nodes.setPlans([B, C]);
    expect(node(C.name)?.spec?.unschedulable).toBeFalsy();
    expect(node(C.name)?.spec?.taints).toEqual([
      { key: 'virtual-kubelet.io/provider', effect: 'NoSchedule' },
    ]);
  });

  it('a node an administrator cordoned stays cordoned when its zone leaves and comes back', async () => {
    await nodes.setPlans([B, C]);
    await Promise.all(nodes.names().map((n) => nodes.run(n)));
    const c = runtimes.get(C.name);
    if (c === undefined) throw new Error('no runtime for zone c');
    c.pods = 1;
    api.put(NODES, {
      metadata: { name: C.name },
      spec: { taints: [{ key: 'virtual-kubelet.io/provider', effect: 'NoSchedule' }], unschedulable: true },
    });
    await nodes.setPlans([B]);
    clock.advance(5_000);
    await until('zone c tainted', () =>
      (node(C.name)?.spec?.taints ?? []).some(
        (t) => t.key === 'ack-virtual-node.alibabacloud.com/zone-removed',
      ),
    );
    await nodes.setPlans([B, C]);
    expect(node(C.name)?.spec?.unschedulable).toBe(true);
    expect(node(C.name)?.spec?.taints).toEqual([
      { key: 'virtual-kubelet.io/provider', effect: 'NoSchedule' },
    ]);
    expect(node(C.name)?.metadata?.annotations ?? {}).toEqual({});
  });

  it('a zone node left from an earlier configuration is retired too', async () => {
    await nodes.setPlans(
      [B],
      [
        { name: B.name, zone: B.zone },
        { name: C.name, zone: C.zone },
      ],
    );
    expect(nodes.names()).toEqual([B.name, C.name]);
    await nodes.run(C.name);
    clock.advance(5_000);
    await until('the old zone node deleted', () => node(C.name) === undefined);
  });

  it('the named node: its ARM twin, if registered, is found to be retired (named nodes have no zone label)', async () => {
    expect(await namedArmTwinOf(rest, 'vk-eci')).toEqual([]);
    api.put(NODES, { metadata: { name: 'vk-eci-linux-arm64', labels: { 'kubernetes.io/arch': 'amd64' } } });
    expect(await namedArmTwinOf(rest, 'vk-eci')).toEqual([]); // not ours: not an ARM twin
    api.put(NODES, {
      metadata: {
        name: 'vk-eci-linux-arm64',
        labels: { 'kubernetes.io/arch': 'arm64', 'topology.kubernetes.io/zone': 'cn-hangzhou-b' },
      },
    });
    const twin = await namedArmTwinOf(rest, 'vk-eci');
    expect(twin).toEqual([{ name: 'vk-eci-linux-arm64', zone: 'cn-hangzhou-b', arch: 'arm64' }]);
    const named: NodePlan = {
      name: 'vk-eci',
      zone: 'cn-hangzhou-b',
      vSwitchIds: ['vsw-b'],
      fallbackVSwitchIds: [],
    };
    await nodes.setPlans([named], twin);
    expect(nodes.names()).toContain('vk-eci-linux-arm64');
    await nodes.run('vk-eci-linux-arm64');
    clock.advance(5_000);
    await until('the twin deleted', () => node('vk-eci-linux-arm64') === undefined);
  });
});
