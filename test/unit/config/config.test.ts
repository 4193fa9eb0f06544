import {
  ConfigError,
  defaultNodeName,
  loadControllerConfig,
  parseFlags,
  rejectUnknownFlags,
  CONTROLLER_SETTINGS,
  sourceOf,
} from '../../../src/config/index.js';

const load = (env: Record<string, string>, argv: string[] = []) =>
  loadControllerConfig(sourceOf(env, parseFlags(argv)));

function failure(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be rejected`);
}

describe('controller configuration', () => {
  it('has the defaults of the real add-on', () => {
    const c = load({});
    expect(c).toMatchObject({
      region: 'cn-hangzhou',
      kubeProxy: true,
      backend: 'simulator',
      vSwitchIds: ['vsw-sim-b'],
      securityGroupId: 'sg-sim-default',
    });
    expect(c.taint).toEqual({
      key: 'virtual-kubelet.io/provider',
      value: 'alibabacloud',
      effect: 'NoSchedule',
    });
    expect(c.kubelet.port).toBe(10250);
    expect(c.metricsAddress).toBe('0.0.0.0');
    expect(c.nodesPerZone).toBe(1);
  });

  it("keeps ECI's create/delete quota client-side: ECI's default, or the account's raised one", () => {
    expect(load({}).createQuota).toEqual({ qps: 20, burst: 100 });
    expect(load({ ECI_CREATE_QPS: '200', ECI_CREATE_BURST: '1000' }).createQuota).toEqual({
      qps: 200,
      burst: 1000,
    });
  });

  it('binds the metrics listener where METRICS_ADDRESS or --metrics-address says', () => {
    expect(load({ METRICS_ADDRESS: '127.0.0.1' }).metricsAddress).toBe('127.0.0.1');
    expect(load({}, ['--metrics-address', '::1']).metricsAddress).toBe('::1');
  });

  it('reads env and lets flags win', () => {
    const c = load({ ECI_VSWITCH: 'vsw-a,vsw-b', ECI_KUBE_PROXY: 'false' }, [
      '--eci-region',
      'cn-beijing',
      '--eci-vswitch=vsw-c',
    ]);
    expect(c.region).toBe('cn-beijing');
    expect(c.vSwitchIds).toEqual(['vsw-c']);
    expect(c.kubeProxy).toBe(false);
  });

  it.each([
    [{ ECI_VSWITCH: 'vsw-a,,vsw-b' }, 'ECI_VSWITCH', 'empty items'],
    [{ ECI_VSWITCH: 'vsw-a,subnet-1' }, 'ECI_VSWITCH', '"subnet-1" is not an ID starting with vsw-'],
    [{ ECI_VSWITCH: 'vsw-a,vsw-a' }, 'ECI_VSWITCH', 'only once'],
    [{ ECI_KUBE_PROXY: 'maybe' }, 'ECI_KUBE_PROXY', 'true or false'],
    [{ ECI_BACKEND: 'aws' }, 'ECI_BACKEND', 'simulator'],
    [{ ECI_REGION: 'Hangzhou' }, 'ECI_REGION', 'cn-hangzhou'],
    [{ ECI_ZONE: 'cn-beijing-a' }, 'ECI_ZONE', 'cn-hangzhou-b'],
    [{ VKUBELET_CAPACITY_CPU: '-5' }, 'VKUBELET_CAPACITY_CPU', 'positive'],
    [{ VKUBELET_CAPACITY_PODS: 'lots' }, 'VKUBELET_CAPACITY_PODS', 'positive'],
    [{ KUBELET_PORT: '70000' }, 'KUBELET_PORT', '0 to 65535'],
    [{ VKUBELET_TAINT_EFFECT: 'NoRun' }, 'VKUBELET_TAINT_EFFECT', 'NoSchedule'],
    [{ ECI_BACKEND: 'alibaba', ECI_SECURITY_GROUP: 'sg-a' }, 'ECI_VSWITCH', 'vsw-a,vsw-b'],
    [{ ECI_BACKEND: 'alibaba', ECI_VSWITCH: 'vsw-a' }, 'ECI_SECURITY_GROUP', 'sg-'],
    [{ ECI_ENDPOINT: 'ftp://x' }, 'ECI_ENDPOINT', 'http://127.0.0.1'],
    [{ METRICS_ADDRESS: 'localhost' }, 'METRICS_ADDRESS', 'use an IP address: 0.0.0.0'],
    [{ ECI_CREATE_QPS: '0' }, 'ECI_CREATE_QPS', '1 to 100000'],
    [{ VKUBELET_NODES_PER_ZONE: '0' }, 'VKUBELET_NODES_PER_ZONE', '1 to 20'],
    [{ VKUBELET_NODES_PER_ZONE: 'two' }, 'VKUBELET_NODES_PER_ZONE', '1 to 20'],
    [
      { VKUBELET_NODES_PER_ZONE: '2', VKUBELET_NODE_NAME: 'vk' },
      'VKUBELET_NODES_PER_ZONE',
      'unset VKUBELET_NODE_NAME for nodes per zone, or set VKUBELET_NODES_PER_ZONE to 1',
    ],
  ])('rejects %j naming %s and the fix', (env, setting, fix) => {
    const err = failure(env as Record<string, string>);
    expect(err.setting).toBe(setting);
    expect(err.message).toContain(setting);
    expect(err.message).toContain(fix);
  });

  it('rejects unknown flags', () => {
    expect(() => rejectUnknownFlags(parseFlags(['--eci-vswich', 'vsw-a']), CONTROLLER_SETTINGS)).toThrow(
      /--eci-vswich.*--help/,
    );
  });

  it('names the node after region and zone', () => {
    expect(defaultNodeName('cn-hangzhou', 'cn-hangzhou-b')).toBe('virtual-kubelet-cn-hangzhou-b');
  });
});
