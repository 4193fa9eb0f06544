import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { REGION } from '../openapi/helpers.js';
import { Harness } from '../openapi/model-walk/harness.js';

/** Pending until the resident instance has started and registered (10 s, illustrative). */
const READY_MS = 10_000;
const SECRET = 'super-secret-token-123';

function kubeconfig(server = 'https://10.0.0.1:6443'): string {
  const yaml = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: home',
    '  cluster:',
    `    server: ${server}`,
    'users:',
    '- name: admin',
    '  user:',
    `    token: ${SECRET}`,
    'contexts:',
    '- name: home',
    '  context: { cluster: home, user: admin }',
    'current-context: home',
  ].join('\n');
  return Buffer.from(yaml).toString('base64');
}

const NODE = {
  RegionId: REGION,
  VirtualNodeName: 'vnode-1',
  SecurityGroupId: 'sg-vnode',
  VSwitchId: 'vsw-hangzhou-b,vsw-hangzhou-c',
  KubeConfig: kubeconfig(),
};

let h: Harness;
beforeEach(async () => {
  h = await new Harness().start();
});
afterEach(() => h.close());

async function create(extra: Record<string, string> = {}): Promise<string> {
  return String((await h.ok('CreateVirtualNode', { ...NODE, ...extra })).VirtualNodeId);
}

async function describe1(id: string): Promise<Record<string, unknown> | undefined> {
  const body = await h.ok('DescribeVirtualNodes', { RegionId: REGION, VirtualNodeIds: JSON.stringify([id]) });
  return (body.VirtualNodes as Record<string, unknown>[])[0];
}

async function codeOf(action: string, params: Record<string, string>): Promise<[number, string, string]> {
  const res = await h.call(action, params);
  return [res.status, String(res.body.Code), String(res.body.Message)];
}

describe('CreateVirtualNode and its lifecycle', () => {
  it('goes Pending → Ready and answers the model fields', async () => {
    const id = await create({ ResourceGroupId: 'rg-1', 'Tag.1.Key': 'team', 'Tag.1.Value': 'k8s' });
    expect(id).toMatch(/^vnd-[a-z0-9]{20}$/);
    expect((await describe1(id))?.Status).toBe('Pending');
    h.clock.advance(READY_MS - 1);
    expect((await describe1(id))?.Status).toBe('Pending');
    h.clock.advance(1);
    const node = await describe1(id);
    expect(node).toEqual({
      VirtualNodeId: id,
      VirtualNodeName: 'vnode-1',
      Status: 'Ready',
      RegionId: REGION,
      VpcId: `vpc-sim-${REGION}`,
      VirtualNodeVSwitchId: 'vsw-hangzhou-b,vsw-hangzhou-c',
      VirtualNodeSecurityGroupId: 'sg-vnode',
      IntranetIp: expect.stringMatching(/^192\.168\.\d+\.\d+$/),
      CreationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      ResourceGroupId: 'rg-1',
      Tags: [{ Key: 'team', Value: 'k8s' }],
      Events: [
        expect.objectContaining({ Type: 'Normal', Reason: 'Creating', Name: 'vnode-1' }),
        expect.objectContaining({ Type: 'Normal', Reason: 'Created', Message: 'Successfully' }),
      ],
    });
    expect(h.sim.listContainerGroups()).toEqual([]); // the resident instance is not a listed group
  });

  it('shows an InternetIp only with EnablePublicNetwork or an EIP, and names the node by its ID by default', async () => {
    const { VirtualNodeName, ...unnamed } = NODE;
    expect(VirtualNodeName).toBe('vnode-1');
    const plain = String((await h.ok('CreateVirtualNode', unnamed)).VirtualNodeId);
    const pub = await create({ EnablePublicNetwork: 'true' });
    const eip = await create({ EipInstanceId: 'eip-1' });
    expect((await describe1(plain))?.InternetIp).toBeUndefined();
    expect((await describe1(plain))?.VirtualNodeName).toBe(plain);
    expect((await describe1(pub))?.InternetIp).toMatch(/^47\./);
    expect((await describe1(eip))?.InternetIp).toMatch(/^47\./);
  });

  it("fails when the KubeConfig's API server cannot be reached, without repeating its address", async () => {
    const id = await create({ KubeConfig: kubeconfig('https://nonexistent.example:6443') });
    h.clock.advance(READY_MS);
    const node = await describe1(id);
    expect(node?.Status).toBe('Failed');
    const last = (node?.Events as Record<string, unknown>[]).at(-1);
    expect(last).toMatchObject({ Type: 'Warning', Reason: 'Failed' });
    expect(JSON.stringify(node)).not.toContain('nonexistent.example');
  });

  it('ClientToken makes create idempotent; another token makes another node', async () => {
    const first = await create({ ClientToken: 'once' });
    expect(await create({ ClientToken: 'once' })).toBe(first);
    expect(await create({ ClientToken: 'twice' })).not.toBe(first);
  });

  it('refuses bad requests, naming the parameter', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ SecurityGroupId: '' }, 'MissingParameter', 'SecurityGroupId'],
      [{ SecurityGroupId: 'x' }, 'InvalidParameter', 'SecurityGroupId'],
      [{ VSwitchId: '' }, 'MissingParameter', 'VSwitchId'],
      [{ VSwitchId: 'subnet-1' }, 'InvalidParameter', 'VSwitchId'],
      [
        { VSwitchId: Array.from({ length: 11 }, (_, i) => `vsw-${i}`).join(',') },
        'InvalidParameter',
        'VSwitchId',
      ],
      [{ ZoneId: 'cn-beijing-a' }, 'InvalidParameter', 'ZoneId'],
      [{ VirtualNodeName: 'Node_1' }, 'InvalidParameter', 'VirtualNodeName'],
      [{ VirtualNodeName: 'a' }, 'InvalidParameter', 'VirtualNodeName'],
      [{ VirtualNodeName: 'n'.repeat(129) }, 'InvalidParameter', 'VirtualNodeName'],
      [{ CustomResources: 'example.com' }, 'InvalidParameter', 'CustomResources'],
      [{ CustomResources: 'example.com=0' }, 'InvalidParameter', 'CustomResources'],
      [{ ClusterDNS: 'dns.local' }, 'InvalidParameter', 'ClusterDNS'],
      [{ ClusterDomain: 'Bad_Domain' }, 'InvalidParameter', 'ClusterDomain'],
      [{ EipInstanceId: 'x' }, 'InvalidParameter', 'EipInstanceId'],
      [{ 'Taint.1.Effect': 'NoSchedule' }, 'MissingParameter', 'Taint.1.Key'],
      [{ 'Taint.1.Key': 'k', 'Taint.1.Effect': 'Never' }, 'InvalidParameter', 'Taint.1.Effect'],
      [{ 'Tag.1.Key': 'acs:x' }, 'InvalidParameter', 'Tag.1.Key'],
      [{ ClientToken: 'é' }, 'InvalidParameter', 'ClientToken'],
    ];
    for (const [extra, code, parameter] of cases) {
      const [status, got, message] = await codeOf('CreateVirtualNode', { ...NODE, ...extra });
      expect([extra, status, got]).toEqual([extra, 400, code]);
      expect(message).toContain(parameter);
    }
    expect(await codeOf('CreateVirtualNode', { ...NODE, RegionId: 'cn-beijing' })).toEqual([
      400,
      'InvalidRegionId',
      expect.any(String),
    ]);
    await create({
      CustomResources: 'example1.com=100,nvidia.com/gpu=2',
      ClusterDNS: '172.16.0.10',
      ClusterDomain: 'cluster.local',
      'Taint.1.Key': 'virtual-kubelet.io/provider',
      'Taint.1.Value': 'eci',
      'Taint.1.Effect': 'NoSchedule',
      TlsBootstrapEnabled: 'true',
      ZoneId: 'cn-hangzhou-b',
    });
  });

  it('takes at most 20 taints', async () => {
    const taints = (n: number) =>
      Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          [`Taint.${i + 1}.Key`, `example.com/t${i}`],
          [`Taint.${i + 1}.Effect`, 'NoSchedule'],
        ]).flat(),
      );
    await create(taints(20));
    expect(await codeOf('CreateVirtualNode', { ...NODE, ...taints(21) })).toEqual([
      400,
      'InvalidParameter',
      expect.stringMatching(/^Taint: lists 21 taints; at most 20 are allowed/),
    ]);
  });

  it('checks the KubeConfig (base64 of a kubeconfig) and never repeats it', async () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    const bad = [
      'not base64!',
      b64('just: [unclosed'),
      b64('hello'),
      b64('apiVersion: v1\nkind: Pod\nclusters: []'),
      b64('apiVersion: v1\nclusters: []'),
      b64(
        `apiVersion: v1\nclusters:\n- name: a\n  cluster:\n    server: not a url\nusers:\n- user: {token: ${SECRET}}`,
      ),
      b64(`{"apiVersion":"v1","clusters":[{"name":"a"}],"users":[{"user":{"token":"${SECRET}"}}]}`),
    ];
    for (const KubeConfig of bad) {
      const [status, code, message] = await codeOf('CreateVirtualNode', { ...NODE, KubeConfig });
      expect([KubeConfig, status, code]).toEqual([KubeConfig, 400, 'InvalidParameter']);
      expect(message).toContain('KubeConfig');
      expect(message).not.toContain(KubeConfig);
      expect(message).not.toContain(SECRET);
    }
    // JSON is a kubeconfig too, and base64 may be wrapped over lines.
    const json = { apiVersion: 'v1', clusters: [{ name: 'a', cluster: { server: 'https://k8s:6443' } }] };
    await create({ KubeConfig: b64(JSON.stringify(json)).replace(/(.{20})/g, '$1\n') });
  });
});

describe('DescribeVirtualNodes', () => {
  it('filters by IDs, name, status, tag and resource group, and pages with Limit/NextToken', async () => {
    const a = await create({ 'Tag.1.Key': 'k', 'Tag.1.Value': 'a', ResourceGroupId: 'rg-a' });
    const b = await create({ VirtualNodeName: 'vnode-2' });
    h.clock.advance(READY_MS);
    const c = await create({ VirtualNodeName: 'vnode-3' });
    const ids = async (params: Record<string, string>) =>
      (
        (await h.ok('DescribeVirtualNodes', { RegionId: REGION, ...params })).VirtualNodes as {
          VirtualNodeId: string;
        }[]
      )
        .map((x) => x.VirtualNodeId)
        .sort();
    expect(await ids({ VirtualNodeIds: JSON.stringify([a, c, 'vnd-unknown']) })).toEqual([a, c].sort());
    expect(await ids({ VirtualNodeName: 'vnode-2' })).toEqual([b]);
    expect(await ids({ Status: 'Ready' })).toEqual([a, b].sort());
    expect(await ids({ Status: 'Pending' })).toEqual([c]);
    expect(await ids({ Status: 'Cleaned' })).toEqual([]);
    expect(await ids({ 'Tag.1.Key': 'k', 'Tag.1.Value': 'a' })).toEqual([a]);
    expect(await ids({ ResourceGroupId: 'rg-a' })).toEqual([a]);
    const seen: string[] = [];
    let NextToken = '';
    do {
      const page = await h.ok('DescribeVirtualNodes', {
        RegionId: REGION,
        Limit: '2',
        ...(NextToken ? { NextToken } : {}),
      });
      expect(page.TotalCount).toBe(3);
      seen.push(...(page.VirtualNodes as { VirtualNodeId: string }[]).map((x) => x.VirtualNodeId));
      NextToken = String(page.NextToken);
    } while (NextToken);
    expect(seen.sort()).toEqual([a, b, c].sort());
  });

  it('refuses a bad Status, Limit, VirtualNodeIds or NextToken, naming it', async () => {
    const ids21 = JSON.stringify(Array.from({ length: 21 }, (_, i) => `vnd-${i}`));
    const cases: [Record<string, string>, string][] = [
      [{ Status: 'Running' }, 'Status'],
      [{ Limit: '21' }, 'Limit'],
      [{ Limit: '0' }, 'Limit'],
      [{ VirtualNodeIds: 'vnd-1' }, 'VirtualNodeIds'],
      [{ VirtualNodeIds: ids21 }, 'VirtualNodeIds'],
      [{ NextToken: 'garbage' }, 'NextToken'],
    ];
    for (const [extra, parameter] of cases) {
      const [status, code, message] = await codeOf('DescribeVirtualNodes', { RegionId: REGION, ...extra });
      expect([extra, status, code]).toEqual([extra, 400, 'InvalidParameter']);
      expect(message).toContain(parameter);
    }
  });
});

describe('UpdateVirtualNode and DeleteVirtualNode', () => {
  it('updates a Ready node in place (name, tags, resources, DNS); it stays Ready', async () => {
    const id = await create({ 'Tag.1.Key': 'old' });
    h.clock.advance(READY_MS);
    await h.ok('UpdateVirtualNode', {
      RegionId: REGION,
      VirtualNodeId: id,
      VirtualNodeName: 'renamed',
      CustomResources: 'example.com=5',
      ClusterDNS: '10.96.0.10',
      ClusterDomain: 'cluster.local',
      'Tag.1.Key': 'new',
      'Tag.1.Value': 'v',
    });
    const node = await describe1(id);
    expect(node).toMatchObject({
      VirtualNodeName: 'renamed',
      Status: 'Ready',
      Tags: [{ Key: 'new', Value: 'v' }],
    });
    expect((node?.Events as Record<string, unknown>[]).at(-1)).toMatchObject({
      Reason: 'Updated',
      Name: 'renamed',
    });
    const kept = await h.sim.virtualNodes.describe({ VirtualNodeIds: [id] });
    expect([kept[0].customResources, kept[0].clusterDns, kept[0].clusterDomain]).toEqual([
      { 'example.com': 5 },
      '10.96.0.10',
      'cluster.local',
    ]);
  });

  it('only a Ready node can be updated: Pending and Failed are IncorrectStatus; bad values are refused', async () => {
    const pending = await create();
    expect(
      await codeOf('UpdateVirtualNode', { RegionId: REGION, VirtualNodeId: pending, VirtualNodeName: 'x-y' }),
    ).toEqual([400, 'IncorrectStatus', expect.stringContaining('Pending')]);
    const failed = await create({ KubeConfig: kubeconfig('https://invalid.example') });
    h.clock.advance(READY_MS);
    expect((await codeOf('UpdateVirtualNode', { RegionId: REGION, VirtualNodeId: failed }))[1]).toBe(
      'IncorrectStatus',
    );
    const update = { RegionId: REGION, VirtualNodeId: pending };
    for (const [extra, parameter] of [
      [{ VirtualNodeName: 'UPPER' }, 'VirtualNodeName'],
      [{ CustomResources: 'a=b' }, 'CustomResources'],
      [{ ClusterDNS: '300.1.1.1' }, 'ClusterDNS'],
      [{ ClusterDomain: '-x' }, 'ClusterDomain'],
    ] as const) {
      const [status, code, message] = await codeOf('UpdateVirtualNode', { ...update, ...extra });
      expect([status, code]).toEqual([400, 'InvalidParameter']);
      expect(message).toContain(parameter);
    }
    expect(await codeOf('UpdateVirtualNode', { RegionId: REGION })).toEqual([
      400,
      'MissingParameter',
      expect.stringContaining('VirtualNodeId'),
    ]);
  });

  it('deletes a node in any status: it is gone at once and its address is free again', async () => {
    const pending = await create();
    const ip = (await describe1(pending))?.IntranetIp;
    await h.ok('DeleteVirtualNode', { RegionId: REGION, VirtualNodeId: pending });
    expect(await describe1(pending)).toBeUndefined();
    h.clock.advance(READY_MS); // its start job finds nothing
    expect(await describe1(pending)).toBeUndefined();
    const next = await create();
    expect((await describe1(next))?.IntranetIp).toBe(ip);
  });

  it('an unknown ID is VirtualNode.NotFound (404)', async () => {
    for (const action of ['UpdateVirtualNode', 'DeleteVirtualNode']) {
      const [status, code, message] = await codeOf(action, { RegionId: REGION, VirtualNodeId: 'vnd-nope' });
      expect([status, code]).toEqual([404, 'VirtualNode.NotFound']);
      expect(message).toContain('vnd-nope');
    }
  });
});

describe('state file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'eci-vnode-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps nodes and their pending start across a restart, and never the KubeConfig', async () => {
    const stateFile = join(dir, 'eci.json');
    const fileClock = new ManualClock();
    const first = new EciSimulator({ clock: fileClock, speed: 1, jitter: 0, stateFile });
    const { VirtualNodeId } = await first.virtualNodes.create({
      SecurityGroupId: 'sg-1',
      VSwitchId: 'vsw-hangzhou-b',
      KubeConfig: kubeconfig(),
    });
    await first.close();
    expect(readFileSync(stateFile, 'utf8')).not.toContain(SECRET);
    expect(readFileSync(stateFile, 'utf8')).not.toContain(kubeconfig());
    const second = new EciSimulator({ clock: fileClock, speed: 1, jitter: 0, stateFile });
    expect((await second.virtualNodes.describe({}))[0]).toMatchObject({
      id: VirtualNodeId,
      status: 'Pending',
    });
    fileClock.advance(READY_MS);
    expect((await second.virtualNodes.describe({}))[0].status).toBe('Ready');
    await second.close();
  });
});
