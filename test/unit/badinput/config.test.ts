/**
 * Bad controller settings through loadControllerConfig: start-up stops with a ConfigError naming the
 * setting, the bad value and a good example.
 */
import { ConfigError, loadControllerConfig } from '../../../src/config/index.js';

const load = (env: Record<string, string>) => loadControllerConfig((name) => env[name]);

function configError(env: Record<string, string>): ConfigError {
  try {
    load(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

const rows: [Record<string, string>, { setting: string; value: string; fix: string }][] = [
  [
    { ECI_VSWITCH: 'subnet-1' },
    { setting: 'ECI_VSWITCH', value: 'subnet-1', fix: '"subnet-1" is not an ID starting with vsw-' },
  ],
  [
    { ECI_VSWITCH: 'vsw-a,,vsw-b' },
    { setting: 'ECI_VSWITCH', value: 'vsw-a,,vsw-b', fix: 'without empty items' },
  ],
  [
    { ECI_VSWITCH: 'vsw-a, vsw-a' },
    { setting: 'ECI_VSWITCH', value: 'vsw-a, vsw-a', fix: 'each ID may appear only once' },
  ],
  [
    { ECI_VSWITCH: Array.from({ length: 11 }, (_, i) => `vsw-${i}`).join(',') },
    {
      setting: 'ECI_VSWITCH',
      value: Array.from({ length: 11 }, (_, i) => `vsw-${i}`).join(','),
      fix: 'at most 10 IDs',
    },
  ],
  [{ ECI_VSWITCH: 'VSW-A' }, { setting: 'ECI_VSWITCH', value: 'VSW-A', fix: 'not an ID starting with vsw-' }],
  [
    { ECI_BACKEND: 'alibaba', ECI_SECURITY_GROUP: 'sg-1' },
    { setting: 'ECI_VSWITCH', value: '', fix: 'set it to one or more vSwitch IDs' },
  ],
  [
    { ECI_BACKEND: 'alibaba', ECI_VSWITCH: 'vsw-a' },
    { setting: 'ECI_SECURITY_GROUP', value: '', fix: 'e.g. sg-bp1abc' },
  ],
  [
    { ECI_SECURITY_GROUP: 'default' },
    { setting: 'ECI_SECURITY_GROUP', value: 'default', fix: 'use a security group ID such as sg-bp1abc' },
  ],
  [
    { ECI_BACKEND: 'aws' },
    { setting: 'ECI_BACKEND', value: 'aws', fix: 'use simulator (in-memory ECI) or alibaba' },
  ],
  [
    { ECI_ENDPOINT: 'ftp://eci.example.com' },
    {
      setting: 'ECI_ENDPOINT',
      value: 'ftp://eci.example.com',
      fix: 'use a URL such as http://127.0.0.1:8080',
    },
  ],
  [{ ECI_ENDPOINT: 'http://[::1' }, { setting: 'ECI_ENDPOINT', value: 'http://[::1', fix: 'use a URL' }],
  [
    { KUBELET_PORT_FORWARD_PROXY: 'https://proxy.example.com:3128' },
    {
      setting: 'KUBELET_PORT_FORWARD_PROXY',
      value: 'https://proxy.example.com:3128',
      fix: 'use an HTTP CONNECT proxy as http://host:port',
    },
  ],
  [
    { KUBELET_PORT_FORWARD_PROXY: '127.0.0.1:8080' },
    { setting: 'KUBELET_PORT_FORWARD_PROXY', value: '127.0.0.1:8080', fix: 'use an HTTP CONNECT proxy' },
  ],
  [
    { ECI_REGION: 'Hangzhou' },
    { setting: 'ECI_REGION', value: 'Hangzhou', fix: 'use a region ID such as cn-hangzhou' },
  ],
  [
    { ECI_ZONE: 'us-west-1a' },
    { setting: 'ECI_ZONE', value: 'us-west-1a', fix: 'use a zone of region cn-hangzhou, e.g. cn-hangzhou-b' },
  ],
  [
    { ALIYUN_RESOURCEGROUP_ID: 'production' },
    {
      setting: 'ALIYUN_RESOURCEGROUP_ID',
      value: 'production',
      fix: 'use the ID of a resource group, e.g. rg-',
    },
  ],
  [
    { VKUBELET_NODE_NAME: 'Node_1' },
    { setting: 'VKUBELET_NODE_NAME', value: 'Node_1', fix: 'use a DNS subdomain' },
  ],
  [
    { VKUBELET_TAINT_EFFECT: 'Sometimes' },
    {
      setting: 'VKUBELET_TAINT_EFFECT',
      value: 'Sometimes',
      fix: 'use one of NoSchedule, PreferNoSchedule, NoExecute',
    },
  ],
  [
    { VKUBELET_CAPACITY_CPU: '-4' },
    { setting: 'VKUBELET_CAPACITY_CPU', value: '-4', fix: 'use a positive Kubernetes quantity, e.g. 20000' },
  ],
  [{ VKUBELET_CAPACITY_MEMORY: '0' }, { setting: 'VKUBELET_CAPACITY_MEMORY', value: '0', fix: 'e.g. 80Ti' }],
  [
    { VKUBELET_CAPACITY_PODS: 'many' },
    { setting: 'VKUBELET_CAPACITY_PODS', value: 'many', fix: 'e.g. 20000' },
  ],
  [
    { VKUBELET_CAPACITY_STORAGE: '1 Pi' },
    { setting: 'VKUBELET_CAPACITY_STORAGE', value: '1 Pi', fix: 'e.g. 1Pi' },
  ],
  [{ ECI_KUBE_PROXY: 'maybe' }, { setting: 'ECI_KUBE_PROXY', value: 'maybe', fix: 'use true or false' }],
  [
    { LEADER_ELECT: 'yes please' },
    { setting: 'LEADER_ELECT', value: 'yes please', fix: 'use true or false' },
  ],
  [
    { KUBELET_PORT: '70000' },
    { setting: 'KUBELET_PORT', value: '70000', fix: 'use a whole number from 0 to 65535, e.g. 10250' },
  ],
  [{ KUBELET_PORT: 'https' }, { setting: 'KUBELET_PORT', value: 'https', fix: 'from 0 to 65535' }],
  [{ METRICS_PORT: '-1' }, { setting: 'METRICS_PORT', value: '-1', fix: 'from 0 to 65535, e.g. 10255' }],
  [{ WORKERS: '0' }, { setting: 'WORKERS', value: '0', fix: 'from 1 to 1024' }],
  [{ WORKERS: '2.5' }, { setting: 'WORKERS', value: '2.5', fix: 'from 1 to 1024' }],
  [
    { STATUS_INTERVAL: '0' },
    { setting: 'STATUS_INTERVAL', value: '0', fix: 'use a number of seconds from 0.1 to 60' },
  ],
  [{ STATUS_INTERVAL: 'fast' }, { setting: 'STATUS_INTERVAL', value: 'fast', fix: 'from 0.1 to 60' }],
  [{ FULL_RESYNC_INTERVAL: '1' }, { setting: 'FULL_RESYNC_INTERVAL', value: '1', fix: 'from 5 to 3600' }],
  [{ ECI_SIMULATOR_SPEED: '-1' }, { setting: 'ECI_SIMULATOR_SPEED', value: '-1', fix: 'from 0 to 100' }],
  [
    { HEAP_GROWING_PERCENT: '20%' },
    { setting: 'HEAP_GROWING_PERCENT', value: '20%', fix: 'use a whole number from 0 to 400, e.g. 20' },
  ],
  [{ HEAP_GROWING_PERCENT: '500' }, { setting: 'HEAP_GROWING_PERCENT', value: '500', fix: 'from 0 to 400' }],
];

describe('bad controller settings', () => {
  test.each(rows)('%j', (env, want) => {
    const err = configError(env);
    expect({ setting: err.setting, value: err.value }).toEqual({ setting: want.setting, value: want.value });
    expect(err.fix).toContain(want.fix);
    expect(err.message).toBe(`${want.setting}=${JSON.stringify(want.value)} is invalid: ${err.fix}`);
  });

  // Values that are not plain decimal numbers must not be read as some other port than the one meant.
  test.each([
    ['a blank KUBELET_PORT (would silently pick a random port)', { KUBELET_PORT: '  ' }],
    ['a hexadecimal KUBELET_PORT (0x2802 would be 10242)', { KUBELET_PORT: '0x2802' }],
    ['an exponent in METRICS_PORT (1e4 would be 10000)', { METRICS_PORT: '1e4' }],
  ])('%s is refused', (_name, env) => {
    const [setting, value] = Object.entries(env)[0];
    const err = configError(env);
    expect({ setting: err.setting, value: err.value }).toEqual({ setting, value });
  });
});
