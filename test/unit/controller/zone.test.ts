/**
 * The node's zone from VPC DescribeVSwitches: AlibabaBackend (official SDK) → HTTP → the simulator's
 * OpenAPI endpoint, as the local cluster runs it; the in-process simulator; and the real endpoint's
 * request shape under nock.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import nock from 'nock';
import { createAlibabaBackend, type AlibabaBackend } from '../../../providers/alibaba/index.js';
import { EciSimulator } from '../../../providers/simulator/index.js';
import { createOpenApiServer } from '../../../providers/simulator/openapi/index.js';
import { ConfigError } from '../../../src/config/index.js';
import { nodeZone, resolveZones, type ZoneConfig } from '../../../src/controller/zone.js';
import { useNock } from '../alibaba/helpers.js';
import { HANGZHOU_K, vSwitchesAnswer } from '../alibaba/vswitch-answers.js';

const REGION = 'cn-hangzhou';
const KEY = { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testAccessKeySecret' };
const REAL_ID = HANGZHOU_K.VSwitchId;
const config = (vSwitchIds: string[], zone?: string): ZoneConfig => ({ region: REGION, vSwitchIds, zone });
const tuning = { rateLimits: false, retry: { baseDelayMs: 1, maxDelayMs: 2 } };

describe('over HTTP: the official SDK against the simulator endpoint', () => {
  let engine: EciSimulator;
  let server: Server;
  let backend: AlibabaBackend;

  beforeAll(async () => {
    engine = new EciSimulator({
      regionId: REGION,
      speed: 0,
      vSwitchZones: { [REAL_ID]: `${REGION}-k`, 'vsw-bp1second': `${REGION}-j` },
      unlistedVSwitches: 'missing',
    });
    const app = createOpenApiServer(engine, {
      credentials: [{ accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.accessKeySecret }],
      regionId: REGION,
    });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    backend = await createAlibabaBackend({
      regionId: REGION,
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      credentials: { type: 'access_key', origin: 'test', ...KEY },
      tuning,
    });
  });
  afterAll(async () => {
    await engine.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test("a real-looking ID is in VPC's zone for it, not the zone its last letter would name", async () => {
    const zones = await resolveZones(config([REAL_ID, 'vsw-bp1second']), backend);
    expect(zones.nodeZone).toBe('cn-hangzhou-k');
    expect(zones.vSwitches.map((v) => [v.VSwitchId, v.ZoneId])).toEqual([
      [REAL_ID, 'cn-hangzhou-k'],
      ['vsw-bp1second', 'cn-hangzhou-j'],
    ]);
    expect(zones.warnings).toEqual([]);
  });

  test('an unknown vSwitch stops start-up: ECI_VSWITCH, its value, the ID and the fix', async () => {
    const err: unknown = await resolveZones(config([REAL_ID, 'vsw-typo0']), backend).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect(err).toMatchObject({ setting: 'ECI_VSWITCH', value: `${REAL_ID},vsw-typo0` });
    expect((err as Error).message).toMatch(
      /^ECI_VSWITCH=".*" is invalid: VPC DescribeVSwitches knows no vSwitch vsw-typo0 in region cn-hangzhou, RequestId [0-9A-F-]+: use IDs of vSwitches in cn-hangzhou/,
    );
  });

  test('ECI_ZONE still names the node; when no vSwitch is in it, a warning says so and what to do', async () => {
    const agreeing = await resolveZones(config([REAL_ID], 'cn-hangzhou-k'), backend);
    expect(agreeing).toMatchObject({ nodeZone: 'cn-hangzhou-k', warnings: [] });
    const disagreeing = await resolveZones(config([REAL_ID, 'vsw-bp1second'], 'cn-hangzhou-b'), backend);
    expect(disagreeing.nodeZone).toBe('cn-hangzhou-b');
    expect(disagreeing.warnings).toEqual([
      `ECI_ZONE=cn-hangzhou-b names the node, but no vSwitch of ECI_VSWITCH is in that zone (${REAL_ID} in cn-hangzhou-k, vsw-bp1second in cn-hangzhou-j): ` +
        "pods run in cn-hangzhou-k or cn-hangzhou-j while the node's topology.kubernetes.io/zone says cn-hangzhou-b. " +
        'Unset ECI_ZONE, or set it to cn-hangzhou-k or cn-hangzhou-j.',
    ]);
  });

  test('nodeZone logs the zones found and each warning, and returns the zone', async () => {
    const logged: [string, string, unknown][] = [];
    const log = {
      info: (message: string, fields?: unknown) => logged.push(['info', message, fields]),
      warn: (message: string, fields?: unknown) => logged.push(['warn', message, fields]),
    };
    await expect(nodeZone(config([REAL_ID], 'cn-hangzhou-b'), backend, log)).resolves.toBe('cn-hangzhou-b');
    expect(logged).toEqual([
      [
        'info',
        'vSwitch zones from VPC',
        { zone: 'cn-hangzhou-b', vSwitches: [{ id: REAL_ID, zone: 'cn-hangzhou-k', freeIps: 4092 }] },
      ],
      ['warn', expect.stringMatching(/^ECI_ZONE=cn-hangzhou-b names the node/), { zone: 'cn-hangzhou-b' }],
    ]);
  });
});

describe('the in-process simulator backend', () => {
  test("the default ECI_VSWITCH of ECI_BACKEND=simulator (vsw-sim-b) keeps the node's zone cn-hangzhou-b", async () => {
    const engine = new EciSimulator({ regionId: REGION, speed: 0 });
    await expect(resolveZones(config(['vsw-sim-b']), engine)).resolves.toMatchObject({
      nodeZone: 'cn-hangzhou-b',
    });
    await engine.close();
  });

  test('a vSwitch with no free address is a warning naming it', async () => {
    const zones = await resolveZones(config(['vsw-full-c']), {
      describeVSwitches: async ([id]) => [
        {
          VSwitchId: id ?? '',
          ZoneId: 'cn-hangzhou-c',
          VpcId: 'vpc-1',
          CidrBlock: '10.0.0.0/28',
          Status: 'Available',
          AvailableIpAddressCount: 0,
        },
      ],
    });
    expect(zones.warnings).toEqual([
      expect.stringContaining('vSwitch vsw-full-c is Available with 0 free IP'),
    ]);
  });
});

describe('the real endpoint, under nock', () => {
  useNock();

  const realBackend = () =>
    createAlibabaBackend({
      regionId: REGION,
      credentials: { type: 'access_key', origin: 'test', ...KEY },
      tuning,
    });

  test('one signed DescribeVSwitches per vSwitch to vpc.cn-hangzhou.aliyuncs.com; the zone is its ZoneId', async () => {
    const seen: { action?: string; version?: string; query: Record<string, string> }[] = [];
    nock('https://vpc.cn-hangzhou.aliyuncs.com')
      .post('/')
      .query(true)
      .reply((request: Request) => {
        seen.push({
          action: request.headers.get('x-acs-action') ?? undefined,
          version: request.headers.get('x-acs-version') ?? undefined,
          query: Object.fromEntries(new URL(request.url).searchParams),
        });
        // The real item carries more than the VSwitch the backend keeps.
        const item = {
          ...HANGZHOU_K,
          IsDefault: false,
          VSwitchName: 'prod',
          CreationTime: '2024-01-01T00:00:00Z',
        };
        return [200, vSwitchesAnswer(item)];
      });
    await expect(resolveZones(config([REAL_ID]), await realBackend())).resolves.toMatchObject({
      nodeZone: HANGZHOU_K.ZoneId,
    });
    expect(seen).toEqual([
      {
        action: 'DescribeVSwitches',
        version: '2016-04-28',
        query: { RegionId: REGION, VSwitchId: REAL_ID },
      },
    ]);
  });

  test('credentials without vpc:DescribeVSwitches: the error says which permission to grant', async () => {
    nock('https://vpc.cn-hangzhou.aliyuncs.com')
      .post('/')
      .query(true)
      .reply(403, { RequestId: 'R-2', Code: 'Forbidden.RAM', Message: 'User not authorized to operate' });
    await expect(resolveZones(config([REAL_ID]), await realBackend())).rejects.toThrow(
      /ECI_VSWITCH="vsw-2ze23nqzig8inprou".*Forbidden\.RAM.*allow vpc:DescribeVSwitches/,
    );
  });
});
