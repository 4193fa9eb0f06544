import * as sdk from '@alicloud/eci20180808';
import { ACTIONS } from '../../../../providers/simulator/openapi/index.js';
import { ACTION_SCHEMAS, type FieldSchema } from '../../../../providers/simulator/openapi/schema.js';
import { REGION } from '../helpers.js';
import { covers } from './allow-list.js';
import { Harness } from './harness.js';
import { IGNORED } from './ignored.js';
import { sample, TOGETHER, TOGETHER_IN } from './request-samples.js';
import { walkKubeConfig } from './corpus-virtual-nodes.js';
import { flat, group } from './shapes.js';
import { isModelClass, modelPaths, type ModelClass } from './walk.js';

/**
 * Every parameter the official SDK's request model can send for a served action is known to the
 * emulator's schema and accepted over HTTP (honoured, or ignored with a reason in ignored.ts).
 */

const served = Object.keys(ACTIONS);

function requestModel(action: string): ModelClass {
  const model: unknown = (sdk as Record<string, unknown>)[`${action}Request`];
  if (!isModelClass(model)) throw new Error(`the SDK has no ${action}Request model`);
  return model;
}

/** The schema node of a model path (`Container[].Port[].Port`), or undefined if schema.ts lacks it. */
function schemaAt(action: string, path: string): FieldSchema | undefined {
  let node: FieldSchema | undefined = ACTION_SCHEMAS[action];
  for (const segment of path.split('.')) {
    const name = segment.replace(/\[\]$/, '');
    node = typeof node === 'object' && 'fields' in node ? node.fields[name] : undefined;
    if (node !== undefined && segment.endsWith('[]'))
      node = typeof node === 'object' && 'list' in node ? node.list : undefined;
  }
  return node;
}

test.each(served)('%s: schema.ts types every parameter of the request model', (action) => {
  const unknown = modelPaths(requestModel(action)).filter(
    (p) => schemaAt(action, p.replace(/\[\]$/, '')) === undefined,
  );
  expect(unknown).toEqual([]);
});

test.each(served)('%s: every ignored parameter names a request-model field', (action) => {
  const paths = modelPaths(requestModel(action));
  const stale = Object.keys(IGNORED[action] ?? {}).filter((entry) => !paths.some((p) => covers(entry, p)));
  expect(stale).toEqual([]);
});

describe('each parameter of each served action is accepted over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await new Harness().start();
  });
  afterAll(() => h.close());

  /** A group that ran and was restarted once, so it has a previous instance (DescribeContainerLog LastTime). */
  async function runningGroup(): Promise<string> {
    const init = { InitContainer: [{ Name: 'init', Image: 'busybox:1.36', Command: ['true'] }] };
    const id = String((await h.ok('CreateContainerGroup', group('params', init))).ContainerGroupId);
    h.clock.advance(60_000);
    return id;
  }

  const cacheNetwork = { SecurityGroupId: 'sg-walk', VSwitchId: 'vsw-hangzhou-b' };

  async function readyCache(): Promise<string> {
    const params = {
      RegionId: REGION,
      ...cacheNetwork,
      ImageCacheName: 'walk-params',
      Image: ['nginx:1.27'],
    };
    const id = String((await h.ok('CreateImageCache', flat(params))).ImageCacheId);
    h.clock.advance(60_000);
    return id;
  }

  const dataCache = {
    Path: '/walk',
    Name: 'walk-params',
    DataSource: { Type: 'URL', Options: { url: 'https://example.com/model.bin' } },
  };

  /**
   * Each call starts from no data caches: the account holds 20, and Bucket + Path is taken once.
   * By the IDs the walk was answered: a describe without them lists only the "default" bucket.
   */
  async function clearDataCaches(): Promise<void> {
    const made = h.answers.flatMap((a) =>
      typeof a.body.DataCacheId === 'string' ? [a.body.DataCacheId] : [],
    );
    for (const c of await h.sim.dataCaches.describe({ DataCacheIds: made }))
      await h.sim.dataCaches.delete({ DataCacheId: c.id });
  }

  async function availableDataCache(): Promise<string> {
    await clearDataCaches();
    const { DataCacheId } = await h.ok('CreateDataCache', flat({ RegionId: REGION, ...dataCache }));
    h.clock.advance(60_000);
    return String(DataCacheId);
  }

  const virtualNode = {
    SecurityGroupId: 'sg-walk',
    VSwitchId: 'vsw-hangzhou-b',
    KubeConfig: walkKubeConfig(),
  };

  async function readyVirtualNode(): Promise<string> {
    const { VirtualNodeId } = await h.ok('CreateVirtualNode', { RegionId: REGION, ...virtualNode });
    h.clock.advance(60_000);
    return String(VirtualNodeId);
  }

  async function base(action: string): Promise<Record<string, unknown>> {
    const region = { RegionId: REGION };
    switch (action) {
      case 'CreateVirtualNode':
        return { ...region, ...virtualNode };
      case 'UpdateVirtualNode':
      case 'DeleteVirtualNode':
        return { ...region, VirtualNodeId: await readyVirtualNode() };
      case 'DescribeVirtualNodes':
        // Status is sampled as a container group's Running elsewhere: a node's is Ready.
        return { ...region, Status: 'Ready' };
      case 'CreateContainerGroup':
        return {
          ...region,
          SecurityGroupId: 'sg-walk',
          VSwitchId: 'vsw-hangzhou-b',
          ContainerGroupName: 'walk-params',
          Container: [{ Name: 'app', Image: 'nginx:1.27' }],
          Volume: [{ Name: 'v', Type: 'EmptyDirVolume' }],
          DryRun: true,
        };
      case 'DescribeContainerLog':
      case 'ExecContainerCommand': {
        const id = await runningGroup();
        await h.ok('RestartContainerGroup', { ...region, ContainerGroupId: id });
        h.clock.advance(60_000);
        return {
          ...region,
          ContainerGroupId: id,
          ContainerName: 'app',
          Command: '["echo","hi"]',
          Sync: true,
        };
      }
      case 'CreateImageCache':
        return {
          ...region,
          ...cacheNetwork,
          ImageCacheName: 'walk-params',
          Image: ['nginx:1.27'],
          ImageCacheSize: 20,
        };
      case 'UpdateImageCache':
        // ImageCacheSize: 20 GiB at least (the placeholder 1 is out of range).
        return { ...region, ImageCacheId: await readyCache(), ImageCacheSize: 20 };
      case 'DeleteImageCache':
        return { ...region, ImageCacheId: await readyCache() };
      case 'CreateDataCache':
        await clearDataCaches();
        return { ...region, ...dataCache };
      case 'UpdateDataCache':
      case 'DeleteDataCache':
        return { ...region, DataCacheId: await availableDataCache() };
      case 'CopyDataCache':
        return {
          ...region,
          DataCacheId: await availableDataCache(),
          DestinationRegionId: REGION,
          Path: '/walk-copy',
        };
      case 'ResizeContainerGroupVolume': {
        const disk = {
          Volume: [{ Name: 'data', Type: 'DiskVolume' as const, DiskVolume: { DiskId: 'd-walk' } }],
        };
        const id = String((await h.ok('CreateContainerGroup', group('params-disk', disk))).ContainerGroupId);
        h.clock.advance(60_000);
        return { ...region, ContainerGroupId: id, VolumeName: 'data', NewSize: 100 };
      }
      case 'CommitContainer':
        return {
          ...region,
          ContainerGroupId: await runningGroup(),
          ContainerName: 'app',
          Image: { Repository: 'registry.cn-hangzhou.aliyuncs.com/walk/app', Tag: 'v1' },
        };
      case 'DescribeCommitContainerTask':
        return { ...region, ContainerGroupId: await runningGroup(), TaskStatus: 'Running' };
      case 'CreateInstanceOpsTask':
        // A new group each time: a second coredump setting within 10 s is refused.
        return { ...region, ContainerGroupId: await runningGroup(), OpsType: 'coredump', OpsValue: 'enable' };
      case 'DescribeInstanceOpsRecords':
        return { ...region, ContainerGroupId: await runningGroup(), OpsType: 'coredump' };
      case 'DescribeAvailableResource':
        return {
          ...region,
          DestinationResource: { Category: 'InstanceType', Value: 'ecs.c6.large', Cores: 2, Memory: 4 },
        };
      case 'DescribeContainerGroupPrice':
        return { ...region, Cpu: 2, Memory: 4 };
      case 'DescribeMultiContainerGroupMetric':
        return { ...region, ContainerGroupIds: JSON.stringify([await runningGroup()]) };
      case 'DeleteContainerGroup':
      case 'RestartContainerGroup':
      case 'UpdateContainerGroup':
      case 'DescribeContainerGroupMetric':
        return { ...region, ContainerGroupId: await runningGroup() };
      default:
        return region;
    }
  }

  test.each(served)('%s', async (action) => {
    const model = requestModel(action);
    const types = model.types();
    const refused: string[] = [];
    for (const [key, wire] of Object.entries(model.names())) {
      const valid = await base(action);
      // A parameter the base already sets keeps its (valid) value there, e.g. ContainerGroupId.
      const value =
        wire in valid
          ? {}
          : wire === 'ImageSnapshotId'
            ? { ImageSnapshotId: await readyCache() } // it must name a Ready cache
            : (TOGETHER_IN[action]?.[wire] ?? TOGETHER[wire] ?? { [wire]: sample(types[key], wire) });
      const params = { ...valid, ...value };
      const answer = await h.call(action, flat(params));
      const accepted = answer.status === 200 || answer.body.Code === 'DryRunOperation';
      if (!accepted) refused.push(`${wire}: ${String(answer.body.Code)} ${String(answer.body.Message)}`);
    }
    expect(refused).toEqual([]);
  });
});
