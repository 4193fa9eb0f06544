import { ManualClock } from '../../../providers/clock.js';
import type { CreateContainerGroupRequest } from '../../../providers/eci-api/index.js';
import { EciSimulator } from '../../../providers/simulator/index.js';
import { loadControllerConfig, sourceOf } from '../../../src/config/index.js';
import { withProfileKubeProxy } from '../../../src/controller/profile-config.js';
import { withRequestDefaults } from '../../../src/controller/request-defaults.js';
import { applyRequestDefaults } from '../../../src/translate/request-defaults.js';
import type { EciProfile } from '../../../src/profile/index.js';

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

describe('ResourceGroupId: pod annotation > eci-profile > ALIYUN_RESOURCEGROUP_ID', () => {
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
    current = 'rg-profile';
    const { ContainerGroupId: second } = await backend.createContainerGroup(
      request({ ContainerGroupName: 'web-2' }),
    );
    const groups = await backend.describeContainerGroups({ ContainerGroupIds: [first, second] });
    expect(Object.fromEntries(groups.map((g) => [g.ContainerGroupId, g.ResourceGroupId]))).toEqual({
      [first]: 'rg-env',
      [second]: 'rg-profile',
    });
    expect(backend.name).toBe(simulator.name);
    await backend.close();
  });
});

describe('eci-profile enableClusterIp wins over ECI_KUBE_PROXY, live', () => {
  test('the pod loop reads the profile through config.kubeProxy', () => {
    const config = loadControllerConfig(sourceOf({ ECI_KUBE_PROXY: 'false' }, new Map()));
    let profile: EciProfile = { selectors: [] };
    const live = withProfileKubeProxy(config, () => profile);
    expect(live.kubeProxy).toBe(false);
    profile = { selectors: [], enableClusterIp: true };
    expect(live.kubeProxy).toBe(true);
    expect(live.region).toBe(config.region);
  });
});
