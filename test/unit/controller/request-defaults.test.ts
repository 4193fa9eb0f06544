import { ManualClock } from '../../../providers/clock.js';
import type { CreateContainerGroupRequest } from '../../../providers/eci-api/index.js';
import { EciSimulator } from '../../../providers/simulator/index.js';
import { withRequestDefaults } from '../../../src/controller/request-defaults.js';
import { applyRequestDefaults } from '../../../src/translate/request-defaults.js';

const request = (extra: Partial<CreateContainerGroupRequest> = {}): CreateContainerGroupRequest => ({
  RegionId: 'cn-hangzhou',
  SecurityGroupId: 'sg-1',
  VSwitchId: 'vsw-b',
  ContainerGroupName: 'web',
  RestartPolicy: 'Always',
  Tag: [],
  Container: [{ Name: 'app', Image: 'nginx' }],
  ...extra,
});

describe('ResourceGroupId: pod annotation > ALIYUN_RESOURCEGROUP_ID', () => {
  test('applyRequestDefaults fills it only where the pod set nothing', () => {
    expect(applyRequestDefaults(request(), { resourceGroupId: 'rg-env' }).ResourceGroupId).toBe('rg-env');
    expect(
      applyRequestDefaults(request({ ResourceGroupId: 'rg-pod' }), { resourceGroupId: 'rg-env' })
        .ResourceGroupId,
    ).toBe('rg-pod');
    expect(applyRequestDefaults(request(), {}).ResourceGroupId).toBeUndefined();
  });

  test('the pod loop creates through a backend that sends it; the simulator shows it back', async () => {
    const simulator = new EciSimulator({ clock: new ManualClock(Date.now()), seed: 1 });
    let current = 'rg-env';
    const backend = withRequestDefaults(simulator, () => ({ resourceGroupId: current }));
    const { ContainerGroupId: first } = await backend.createContainerGroup(request());
    current = 'rg-changed';
    const { ContainerGroupId: second } = await backend.createContainerGroup(
      request({ ContainerGroupName: 'web-2' }),
    );
    const groups = await backend.describeContainerGroups({ ContainerGroupIds: [first, second] });
    expect(Object.fromEntries(groups.map((g) => [g.ContainerGroupId, g.ResourceGroupId]))).toEqual({
      [first]: 'rg-env',
      [second]: 'rg-changed',
    });
    expect(backend.name).toBe(simulator.name);
    await backend.close();
  });
});
