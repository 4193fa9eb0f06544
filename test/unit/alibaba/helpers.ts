import nock from 'nock';
import { createAlibabaBackend } from '../../../providers/alibaba/index.js';
import type { AlibabaBackend } from '../../../providers/alibaba/index.js';
import type { CreateContainerGroupRequest } from '../../../providers/eci-api/index.js';

export const ENDPOINT = 'http://eci.nock.test';
export const KEY = { accessKeyId: 'LTAItestkey0001', accessKeySecret: 'nock-secret' };

/**
 * nock for the calling test file only: it patches the process-wide http module, so it is undone
 * afterwards for the other test files of the same worker.
 */
export function useNock(): void {
  beforeAll(() => {
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => {
    nock.enableNetConnect();
    nock.restore();
  });
}

/** An AlibabaBackend aimed at nock, with instant back-off and no client-side quotas. */
export function nockBackend(
  timeouts: { connectTimeoutMs?: number; readTimeoutMs?: number } = {},
): Promise<AlibabaBackend> {
  return createAlibabaBackend({
    regionId: 'cn-hangzhou',
    endpoint: ENDPOINT,
    credentials: { type: 'access_key', origin: 'test', ...KEY },
    tuning: { rateLimits: false, retry: { baseDelayMs: 1, maxDelayMs: 2 }, ...timeouts },
  });
}

/** A CreateContainerGroup with every kind of nested field the controller sends. */
export const FULL_REQUEST: CreateContainerGroupRequest = {
  RegionId: 'cn-hangzhou',
  ZoneId: 'cn-hangzhou-b',
  SecurityGroupId: 'sg-1',
  VSwitchId: 'vsw-a,vsw-b',
  ContainerGroupName: 'default-web-0',
  RestartPolicy: 'Always',
  Cpu: 2,
  Memory: 4,
  ClientToken: 'pod-uid-1234',
  Tag: [
    { Key: 'ClusterId', Value: 'c1' },
    { Key: 'PodName', Value: 'web-0' },
  ],
  DnsConfig: {
    NameServer: ['10.0.0.10'],
    Search: ['svc.cluster.local'],
    Option: [{ Name: 'ndots', Value: '5' }],
  },
  HostAliase: [{ Ip: '10.0.0.5', Hostname: ['db', 'db.local'] }],
  Volume: [
    {
      Name: 'cfg',
      Type: 'ConfigFileVolume',
      ConfigFileVolume: {
        ConfigFileToPath: [{ Path: 'app.conf', Content: 'a2V5PXZhbHVl' }],
        DefaultMode: 420,
      },
    },
    { Name: 'scratch', Type: 'EmptyDirVolume', EmptyDirVolume: { Medium: 'Memory' } },
  ],
  Container: [
    {
      Name: 'app',
      Image: 'nginx:1.25',
      Command: ['sh', '-c'],
      Arg: ['exec nginx -g "daemon off;"'],
      Cpu: 1.5,
      EnvironmentVar: [
        { Key: 'MODE', Value: 'prod' },
        { Key: 'POD_IP', FieldRef: { FieldPath: 'status.podIP' } },
      ],
      Port: [{ Port: 80, Protocol: 'TCP' }],
      VolumeMount: [{ Name: 'cfg', MountPath: '/etc/app', ReadOnly: true }],
      ReadinessProbe: { HttpGet: { Path: '/healthz', Port: 80, Scheme: 'HTTP' }, PeriodSeconds: 5 },
      LivenessProbe: { Exec: { Command: ['cat', '/tmp/ok'] }, FailureThreshold: 3 },
      StartupProbe: { TcpSocket: { Port: 80 } },
      SecurityContext: { Capability: { Add: ['NET_ADMIN'] }, RunAsUser: 1000 },
    },
  ],
  InitContainer: [{ Name: 'init', Image: 'busybox', Command: ['true'] }],
};
