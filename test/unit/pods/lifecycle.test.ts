import { EciSimulator } from '../../../providers/simulator/index.js';
import type { CreateContainerGroupRequest } from '../../../providers/eci-api/index.js';
import { createWithCandidates, deleteGroup, NoStockError } from '../../../src/pods/lifecycle.js';
import { GroupRegistry } from '../../../src/pods/registry.js';

const request: CreateContainerGroupRequest = {
  RegionId: 'cn-hangzhou',
  SecurityGroupId: 'sg-test',
  VSwitchId: 'vsw-test-b',
  ContainerGroupName: 'default-web',
  RestartPolicy: 'Always',
  Tag: [{ Key: 'UID', Value: 'uid-1' }],
  Container: [{ Name: 'app', Image: 'nginx' }],
};

describe('creating a container group for a pod', () => {
  let sim: EciSimulator;
  beforeEach(() => (sim = new EciSimulator({ speed: 0 })));
  afterEach(() => sim.close());

  it('tries the next spec when the first has no stock, and records which one it got', async () => {
    sim.setStock('cn-hangzhou-b', 0, '2-4');
    const created = await createWithCandidates(
      sim,
      request,
      [
        { kind: 'cpu-memory', cpu: 2, memory: 4 },
        { kind: 'cpu-memory', cpu: 4, memory: 8 },
      ],
      'uid-1',
    );
    expect(created.spec).toBe('4.0-8.0Gi');
    const [group] = await sim.describeContainerGroups({ ContainerGroupIds: [created.containerGroupId] });
    expect([group.Cpu, group.Memory]).toEqual([4, 8]);
  });

  it('says NoStock with the specs and vSwitches tried when none has stock', async () => {
    sim.setStock('cn-hangzhou-b', 0);
    const attempt = createWithCandidates(sim, request, [{ kind: 'cpu-memory', cpu: 2, memory: 4 }], 'uid-1');
    await expect(attempt).rejects.toBeInstanceOf(NoStockError);
    await expect(attempt).rejects.toThrow(/2\.0-4\.0Gi.*vsw-test-b/);
  });

  it('is idempotent: the pod UID as ClientToken never makes a second group', async () => {
    const spec = [{ kind: 'cpu-memory' as const, cpu: 2, memory: 4 }];
    const first = await createWithCandidates(sim, request, spec, 'uid-1');
    const again = await createWithCandidates(sim, request, spec, 'uid-1');
    expect(again.containerGroupId).toBe(first.containerGroupId);
    expect(await sim.describeContainerGroups({ Tags: [{ Key: 'UID', Value: 'uid-1' }] })).toHaveLength(1);
  });

  it('treats deleting a group that is already gone as done', async () => {
    await expect(deleteGroup(sim, 'eci-doesnotexist00000')).resolves.toBeUndefined();
  });
});

describe('GroupRegistry', () => {
  it('keeps a re-created pod of the same name apart from the old one', () => {
    const registry = new GroupRegistry();
    registry.set({ containerGroupId: 'eci-old', podKey: 'ns/web', podUid: 'uid-old', knownSince: 0 });
    registry.set({ containerGroupId: 'eci-new', podKey: 'ns/web', podUid: 'uid-new', knownSince: 1 });
    expect(
      registry
        .forPodKey('ns/web')
        .map((e) => e.containerGroupId)
        .sort(),
    ).toEqual(['eci-new', 'eci-old']);
    registry.remove('eci-old');
    expect(registry.forUid('uid-old')).toBeUndefined();
    expect(registry.forPodKey('ns/web').map((e) => e.containerGroupId)).toEqual(['eci-new']);
    expect(registry.forGroup('eci-new')?.podUid).toBe('uid-new');
  });
});
