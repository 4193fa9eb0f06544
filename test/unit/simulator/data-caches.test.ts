import { createParams, REGION } from '../openapi/helpers.js';
import { Harness } from '../openapi/model-walk/harness.js';

/** Creating 2 s (instance and disk), Loading 5 s, snapshot 3 s: Available after 10 s. */
const READY_MS = 10_000;
const DAY_MS = 24 * 3600_000;

const CACHE = {
  RegionId: REGION,
  Bucket: 'models',
  Path: '/model/qwen',
  Name: 'qwen',
  'DataSource.Type': 'URL',
  'DataSource.Options.url': 'https://example.com/qwen.bin',
  'DataSource.Options.#10#repoSource': 'ModelScope/Qwen',
};

let h: Harness;
beforeEach(async () => {
  h = await new Harness().start();
});
afterEach(() => h.close());

async function create(extra: Record<string, string> = {}): Promise<string> {
  return String((await h.ok('CreateDataCache', { ...CACHE, ...extra })).DataCacheId);
}

async function describe1(id: string): Promise<Record<string, unknown> | undefined> {
  const body = await h.ok('DescribeDataCaches', { RegionId: REGION, 'DataCacheId.1': id });
  return (body.DataCaches as Record<string, unknown>[])[0];
}

async function codeOf(action: string, params: Record<string, string>): Promise<[number, string]> {
  const res = await h.call(action, params);
  return [res.status, String(res.body.Code)];
}

describe('CreateDataCache and its lifecycle', () => {
  it('goes Creating → Loading → Available with a snapshot, and answers the model fields', async () => {
    const id = await create({
      Size: '30',
      ResourceGroupId: 'rg-1',
      'Tag.1.Key': 'team',
      'Tag.1.Value': 'ai',
    });
    expect(id).toMatch(/^edc-[a-z0-9]{20}$/);
    expect(await describe1(id)).toMatchObject({ Status: 'Creating', Progress: '0%' });
    h.clock.advance(2_000);
    expect((await describe1(id))?.Status).toBe('Loading');
    h.clock.advance(8_000);
    const cache = await describe1(id);
    expect(cache).toMatchObject({
      DataCacheId: id,
      Name: 'qwen',
      Bucket: 'models',
      Path: '/model/qwen',
      Size: 30,
      Status: 'Available',
      Progress: '100%',
      RegionId: REGION,
      ResourceGroupId: 'rg-1',
      ContainerGroupId: expect.stringMatching(/^eci-/),
      SnapshotId: expect.stringMatching(/^s-/),
      Tags: [{ Key: 'team', Value: 'ai' }],
      DataSource: { Type: 'URL' },
    });
    // The model types DataSource.Options as a string: the options map as JSON, keys as sent.
    expect(JSON.parse(String((cache?.DataSource as Record<string, unknown>).Options))).toEqual({
      url: 'https://example.com/qwen.bin',
      '#10#repoSource': 'ModelScope/Qwen',
    });
    expect((cache?.Events as { Reason: string }[]).map((e) => e.Reason)).toEqual([
      'Started',
      'Loading',
      'Succeeded',
    ]);
    expect(h.sim.listContainerGroups()).toEqual([]); // the intermediate instance is not a listed group
  });

  it('defaults: bucket "default", 20 GiB, kept until deleted', async () => {
    const { Bucket, ...rest } = CACHE;
    expect(Bucket).toBe('models');
    const id = String((await h.ok('CreateDataCache', rest)).DataCacheId);
    const cache = await describe1(id);
    expect([cache?.Bucket, cache?.Size, cache?.ExpireDateTime]).toEqual(['default', 20, undefined]);
  });

  it('fails on a source it cannot read, and is deleted a day later', async () => {
    const id = await create({ 'DataSource.Options.url': 'https://nonexistent.example/x?Signature=s3cr3t' });
    h.clock.advance(READY_MS);
    const cache = await describe1(id);
    expect(cache?.Status).toBe('Failed');
    const events = cache?.Events as Record<string, unknown>[];
    expect(events.at(-1)).toMatchObject({
      Type: 'Warning',
      Reason: 'Failed',
      Message: expect.stringContaining('option url') as string,
    });
    // Events name the option, never its value: a signed URL or a key would be a credential.
    expect(JSON.stringify(events)).not.toContain('s3cr3t');
    h.clock.advance(DAY_MS);
    expect(await describe1(id)).toBeUndefined();
  });

  it('RetentionDays deletes it that many days after creation; ClientToken makes create idempotent', async () => {
    const first = await create({ RetentionDays: '2', ClientToken: 'once' });
    expect(await create({ RetentionDays: '2', ClientToken: 'once' })).toBe(first);
    expect((await describe1(first))?.ExpireDateTime).toBe(
      new Date(h.clock.now() + 2 * DAY_MS).toISOString().replace('.000', ''),
    );
    h.clock.advance(2 * DAY_MS - 1);
    expect(await describe1(first)).toBeDefined();
    h.clock.advance(1);
    expect(await describe1(first)).toBeUndefined();
  });

  it('refuses bad requests, naming the parameter', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ Path: '' }, 'MissingParameter', 'Path'],
      [{ Name: '' }, 'MissingParameter', 'Name'],
      [{ Bucket: 'eci-system' }, 'InvalidParameter', 'Bucket'],
      [{ Path: 'model/x' }, 'InvalidParameter', 'Path'],
      [{ Size: '0' }, 'InvalidParameter', 'Size'],
      [{ 'DataSource.Type': 'FTP' }, 'InvalidParameter', 'DataSource.Type'],
      [{ 'DataSource.Type': '' }, 'MissingParameter', 'DataSource.Type'],
      [{ SecurityGroupId: 'x' }, 'InvalidParameter', 'SecurityGroupId'],
    ];
    for (const [extra, code, parameter] of cases) {
      const res = await h.call('CreateDataCache', { ...CACHE, ...extra });
      expect([extra, res.status, res.body.Code]).toEqual([extra, 400, code]);
      expect(String(res.body.Message)).toContain(parameter);
    }
  });

  it('one cache per Bucket + Path: a second is DataCache.AlreadyExists, another bucket is fine', async () => {
    await create();
    expect(await codeOf('CreateDataCache', { ...CACHE, Path: '/model/qwen/' })).toEqual([
      400,
      'DataCache.AlreadyExists',
    ]);
    await create({ Bucket: 'other' });
  });

  it('holds 20 caches (ListUsage counts them); the 21st is QuotaExceeded', async () => {
    for (let i = 0; i < 20; i++) await create({ Path: `/m/${i}` });
    expect(await codeOf('CreateDataCache', { ...CACHE, Path: '/m/20' })).toEqual([403, 'QuotaExceeded']);
    const usage = (await h.ok('ListUsage', { RegionId: REGION })).Attributes as Record<string, number>;
    expect([usage.UsedDataCacheCount, usage.MaxDataCacheCount]).toEqual([20, 20]);
  });
});

describe('DescribeDataCaches', () => {
  it('filters by IDs, Bucket, Path, tag and resource group, and pages with Limit/NextToken', async () => {
    const a = await create({ 'Tag.1.Key': 'k', 'Tag.1.Value': 'a', ResourceGroupId: 'rg-a' });
    const b = await create({ Path: '/model/b' });
    const c = await create({ Bucket: 'other' });
    const ids = async (params: Record<string, string>) =>
      (
        (await h.ok('DescribeDataCaches', { RegionId: REGION, ...params })).DataCaches as {
          DataCacheId: string;
        }[]
      )
        .map((x) => x.DataCacheId)
        .sort();
    expect(await ids({ 'DataCacheId.1': a, 'DataCacheId.2': c })).toEqual([a, c].sort());
    expect(await ids({ Bucket: 'models' })).toEqual([a, b].sort());
    expect(await ids({ Bucket: 'models', Path: '/model/qwen/' })).toEqual([a]);
    expect(await ids({ Bucket: 'models', 'Tag.1.Key': 'k', 'Tag.1.Value': 'a' })).toEqual([a]);
    expect(await ids({ Bucket: 'models', ResourceGroupId: 'rg-a' })).toEqual([a]);
    const seen: string[] = [];
    let NextToken = '';
    do {
      const page = await h.ok('DescribeDataCaches', {
        RegionId: REGION,
        Bucket: 'models',
        Limit: '1',
        ...(NextToken ? { NextToken } : {}),
      });
      expect(page.TotalCount).toBe(2);
      seen.push(...(page.DataCaches as { DataCacheId: string }[]).map((x) => x.DataCacheId));
      NextToken = String(page.NextToken);
    } while (NextToken);
    expect(seen.sort()).toEqual([a, b].sort());
    expect(await codeOf('DescribeDataCaches', { RegionId: REGION, Limit: '21' })).toEqual([
      400,
      'InvalidParameter',
    ]);
  });

  it('without Bucket lists the "default" bucket only, and looks for a Path there', async () => {
    const inDefault = await create({ Bucket: 'default' });
    const elsewhere = await create();
    const ids = async (params: Record<string, string>) =>
      (
        (await h.ok('DescribeDataCaches', { RegionId: REGION, ...params })).DataCaches as {
          DataCacheId: string;
        }[]
      ).map((x) => x.DataCacheId);
    expect(await ids({})).toEqual([inDefault]);
    expect(await ids({ Path: '/model/qwen' })).toEqual([inDefault]);
    expect(await ids({ Bucket: 'models', Path: '/model/qwen' })).toEqual([elsewhere]);
    expect(await ids({ Path: '/model/other' })).toEqual([]);
    // An ID names one cache of the account, whatever its bucket.
    expect(await ids({ 'DataCacheId.1': elsewhere })).toEqual([elsewhere]);
  });
});

describe('UpdateDataCache', () => {
  it('needs an Available or UpdateFailed cache; a new source loads again', async () => {
    const id = await create();
    expect(await codeOf('UpdateDataCache', { RegionId: REGION, DataCacheId: id, Name: 'x' })).toEqual([
      400,
      'DataCache.IncorrectStatus',
    ]);
    h.clock.advance(READY_MS);
    await h.ok('UpdateDataCache', {
      RegionId: REGION,
      DataCacheId: id,
      Name: 'renamed',
      Size: '40',
      RetentionDays: '3',
    });
    expect(await describe1(id)).toMatchObject({ Name: 'renamed', Size: 40, Status: 'Available' });
    expect((await describe1(id))?.ExpireDateTime).toBeDefined();
    const bad = { 'DataSource.Type': 'OSS', 'DataSource.Options.bucket': 'invalid-bucket' };
    await h.ok('UpdateDataCache', { RegionId: REGION, DataCacheId: id, ...bad });
    expect((await describe1(id))?.Status).toBe('Updating');
    h.clock.advance(READY_MS);
    expect((await describe1(id))?.Status).toBe('UpdateFailed');
    const good = {
      'DataSource.Type': 'NAS',
      'DataSource.Options.server': 'nas.example',
      'DataSource.Options.path': '/m',
    };
    await h.ok('UpdateDataCache', { RegionId: REGION, DataCacheId: id, ...good });
    h.clock.advance(READY_MS);
    const cache = await describe1(id);
    expect([cache?.Status, (cache?.DataSource as Record<string, string>).Type]).toEqual(['Available', 'NAS']);
    expect(await codeOf('UpdateDataCache', { RegionId: REGION, DataCacheId: 'edc-none' })).toEqual([
      404,
      'DataCache.NotFound',
    ]);
  });
});

describe('DeleteDataCache', () => {
  it('deletes by DataCacheId or by Bucket + Path; an unknown one is DataCache.NotFound', async () => {
    const a = await create();
    const b = await create({ Bucket: 'default', Path: '/data/models' });
    await h.ok('DeleteDataCache', { RegionId: REGION, DataCacheId: a });
    await h.ok('DeleteDataCache', { RegionId: REGION, Path: '/data/models/' });
    expect([await describe1(a), await describe1(b)]).toEqual([undefined, undefined]);
    expect(await codeOf('DeleteDataCache', { RegionId: REGION, DataCacheId: a })).toEqual([
      404,
      'DataCache.NotFound',
    ]);
    expect(await codeOf('DeleteDataCache', { RegionId: REGION })).toEqual([400, 'MissingParameter']);
  });
});

describe('CopyDataCache', () => {
  it('copies an Available cache within the served region to a new Bucket or Path, from its snapshot', async () => {
    const source = await create();
    const copy = { RegionId: REGION, DataCacheId: source, DestinationRegionId: REGION, Path: '/model/copy' };
    expect(await codeOf('CopyDataCache', copy)).toEqual([400, 'DataCache.IncorrectStatus']);
    h.clock.advance(READY_MS);
    expect(await codeOf('CopyDataCache', { ...copy, DestinationRegionId: 'cn-beijing' })).toEqual([
      400,
      'InvalidRegionId',
    ]);
    expect(await codeOf('CopyDataCache', { ...copy, Path: '/model/qwen' })).toEqual([
      400,
      'DataCache.AlreadyExists',
    ]);
    const id = String((await h.ok('CopyDataCache', { ...copy, ClientToken: 'c1' })).DataCacheId);
    expect((await h.ok('CopyDataCache', { ...copy, ClientToken: 'c1' })).DataCacheId).toBe(id);
    expect(await describe1(id)).toMatchObject({ Status: 'Creating', Name: 'qwen', Bucket: 'models' });
    h.clock.advance(5_000);
    const made = await describe1(id);
    expect([made?.Status, made?.Path, made?.DataSource]).toEqual([
      'Available',
      '/model/copy',
      (await describe1(source))?.DataSource,
    ]);
  });
});

describe('CreateContainerGroup with DataCacheBucket', () => {
  const mount = (path: string, extra: Record<string, string> = {}) =>
    createParams('uses-cache', {
      DataCacheBucket: 'models',
      'Volume.1.Name': 'model',
      'Volume.1.Type': 'HostPathVolume',
      'Volume.1.HostPathVolume.Path': path,
      'Container.1.VolumeMount.1.Name': 'model',
      'Container.1.VolumeMount.1.MountPath': '/models',
      ...extra,
    });

  it('mounts an Available cache: the directory is there for exec, the cache shows LastMatchedTime', async () => {
    const id = await create();
    expect(await codeOf('CreateContainerGroup', mount('/model/qwen'))).toEqual([
      400,
      'DataCache.IncorrectStatus',
    ]);
    h.clock.advance(READY_MS);
    const group = String((await h.ok('CreateContainerGroup', mount('/model/qwen'))).ContainerGroupId);
    expect((await describe1(id))?.LastMatchedTime).toBeDefined();
    h.clock.advance(60_000);
    const run = (script: string) =>
      h.sim.execContainerCommand({
        ContainerGroupId: group,
        ContainerName: 'app',
        Command: ['sh', '-c', script],
      });
    expect(await run('test -d /models && echo mounted')).toBe('mounted\n');
    expect(await run('ls /')).toContain('models');
  });

  it('a path no cache of the bucket holds is DataCache.NotFound; a bad DataCachePL is refused', async () => {
    await create();
    h.clock.advance(READY_MS);
    expect(await codeOf('CreateContainerGroup', mount('/model/other'))).toEqual([404, 'DataCache.NotFound']);
    expect(await codeOf('CreateContainerGroup', mount('/model/qwen', { DataCacheBucket: 'other' }))).toEqual([
      404,
      'DataCache.NotFound',
    ]);
    expect(await codeOf('CreateContainerGroup', mount('/model/qwen', { DataCachePL: 'PL9' }))).toEqual([
      400,
      'InvalidParameter',
    ]);
  });

  it('a container command testing the mounted directory succeeds; without DataCacheBucket it does not', async () => {
    await create();
    h.clock.advance(READY_MS);
    const script = {
      RestartPolicy: 'Never',
      'Container.1.Command.1': 'sh',
      'Container.1.Command.2': '-c',
      'Container.1.Command.3': 'test -d /models',
    };
    const withCache = String(
      (await h.ok('CreateContainerGroup', mount('/model/qwen', script))).ContainerGroupId,
    );
    const { DataCacheBucket, ...plain } = mount('/model/qwen', { ...script, ContainerGroupName: 'plain' });
    expect(DataCacheBucket).toBe('models');
    const without = String((await h.ok('CreateContainerGroup', plain)).ContainerGroupId);
    h.clock.advance(60_000);
    const status = async (id: string) =>
      (await h.sim.describeContainerGroups({ ContainerGroupIds: [id] }))[0]?.Status;
    expect([await status(withCache), await status(without)]).toEqual(['Succeeded', 'Failed']);
  });

  it('a readiness probe reading a file of the cache passes: the simulator cannot know its files', async () => {
    await create();
    h.clock.advance(READY_MS);
    const probe = {
      'Container.1.ReadinessProbe.Exec.Command.1': 'test',
      'Container.1.ReadinessProbe.Exec.Command.2': '-f',
      'Container.1.ReadinessProbe.Exec.Command.3': '/models/model.safetensors',
      'Container.1.ReadinessProbe.PeriodSeconds': '1',
    };
    const id = String((await h.ok('CreateContainerGroup', mount('/model/qwen', probe))).ContainerGroupId);
    h.clock.advance(60_000);
    const [group] = await h.sim.describeContainerGroups({ ContainerGroupIds: [id] });
    expect(group?.Containers[0]?.Ready).toBe(true);
  });
});
