import { REGION } from '../helpers.js';
import { walkKubeConfig } from './corpus-virtual-nodes.js';
import { Harness, type Answer } from './harness.js';
import { group } from './shapes.js';

/**
 * HTTP status per error code. Sources: the ECI API pages' error tables (IncorrectStatus 400 in
 * RestartContainerGroup and DeleteContainerGroup; OperationDenied.* 403), Alibaba Cloud's common
 * client/server errors (MissingParameter, InvalidParameter*, Throttling* 400; ServiceUnavailable
 * 503), the POP gateway (SignatureDoesNotMatch, IncompleteSignature and SignatureNonceUsed 400,
 * InvalidAccessKeyId.NotFound and InvalidAction.NotFound 404). DryRunOperation, InvalidRegionId and
 * InvalidVersion are 400 like every parameter error.
 */
export const STATUS_BY_CODE: Record<string, number> = {
  MissingParameter: 400,
  InvalidParameter: 400,
  InvalidRegionId: 400,
  InvalidVersion: 400,
  'InvalidAction.NotFound': 404,
  IncorrectStatus: 400,
  'InvalidParameter.NotFound': 404,
  'OperationDenied.NoStock': 403,
  DryRunOperation: 400,
  'Throttling.User': 400,
  ServiceUnavailable: 503,
  SignatureDoesNotMatch: 400,
  SignatureNonceUsed: 400,
  'InvalidAccessKeyId.NotFound': 404,
  'ImageSnapshot.NotFound': 404,
  'ImageSnapshot.IncorrectStatus': 400,
  QuotaExceeded: 403,
  // Data caches (codes not in a published table: the image caches' pattern, see README).
  'DataCache.NotFound': 404,
  'DataCache.IncorrectStatus': 400,
  'DataCache.AlreadyExists': 400,
  // ResizeContainerGroupVolume's and CreateInstanceOpsTask's error tables.
  InvalidVolumeType: 403,
  IncorrectStatusDetail: 403,
  'Ops.TypeNotSupport': 400,
  'Coredump.RefrshIntervalTooShort': 400,
  // Virtual nodes: an unknown ID (the simulator's code, the data caches' pattern; IncorrectStatus above).
  'VirtualNode.NotFound': 404,
};

const region = { RegionId: REGION };

/** A pinned cache that is missing or not Ready yet, and one cache past the quota of 50. */
async function imageCacheErrors(h: Harness): Promise<Answer[]> {
  const cache = {
    ...region,
    SecurityGroupId: 'sg-walk',
    VSwitchId: 'vsw-hangzhou-b',
    'Image.1': 'nginx:1.27',
  };
  const made = await h.ok('CreateImageCache', { ...cache, ImageCacheName: 'errors-0' });
  const out = [
    await h.call('CreateContainerGroup', group('errors-imc', { ImageSnapshotId: 'imc-doesnotexist' })),
    await h.call('CreateContainerGroup', group('errors-imc', { ImageSnapshotId: String(made.ImageCacheId) })),
  ];
  // The 51st cache made by CreateImageCache (none of them LRU) is over the quota.
  for (let i = 1; i <= 51; i++) {
    const a = await h.call('CreateImageCache', { ...cache, ImageCacheName: `errors-${i}` });
    if (a.body.Code === 'QuotaExceeded') {
      out.push(a);
      break;
    }
  }
  return out;
}

/**
 * A resize before the disk is mounted and of a volume that is no disk, an unknown O&M type, and a
 * coredump setting too soon after the last.
 */
async function opsErrors(h: Harness): Promise<Answer[]> {
  const volume = {
    Volume: [
      { Name: 'scratch', Type: 'EmptyDirVolume' as const },
      { Name: 'data', Type: 'DiskVolume' as const, DiskVolume: { DiskId: 'd-errors' } },
    ],
  };
  const id = String((await h.ok('CreateContainerGroup', group('errors-ops', volume))).ContainerGroupId);
  const ops = { ...region, ContainerGroupId: id };
  const early = await h.call('ResizeContainerGroupVolume', { ...ops, VolumeName: 'data', NewSize: '100' });
  h.clock.advance(60_000);
  await h.ok('CreateInstanceOpsTask', { ...ops, OpsType: 'coredump', OpsValue: 'enable' });
  return [
    early,
    await h.call('ResizeContainerGroupVolume', { ...ops, VolumeName: 'scratch', NewSize: '100' }),
    await h.call('CreateInstanceOpsTask', { ...ops, OpsType: 'strace', OpsValue: 'x' }),
    await h.call('CreateInstanceOpsTask', { ...ops, OpsType: 'coredump', OpsValue: 'disable' }),
  ];
}

/** A missing cache, one still Creating, and a second cache on the same Bucket + Path. */
async function dataCacheErrors(h: Harness): Promise<Answer[]> {
  const cache = { ...region, Path: '/errors/a', Name: 'errors', 'DataSource.Type': 'URL' };
  const made = await h.ok('CreateDataCache', cache);
  const out = [
    await h.call('DeleteDataCache', { ...region, DataCacheId: 'edc-doesnotexist' }),
    await h.call('UpdateDataCache', { ...region, DataCacheId: String(made.DataCacheId), Name: 'x' }),
    await h.call('CreateDataCache', cache),
  ];
  await h.ok('DeleteDataCache', { ...region, DataCacheId: String(made.DataCacheId) });
  return out;
}

/** An unknown node, and an update of a node still Pending. */
async function virtualNodeErrors(h: Harness): Promise<Answer[]> {
  const made = await h.ok('CreateVirtualNode', {
    ...region,
    SecurityGroupId: 'sg-walk',
    VSwitchId: 'vsw-hangzhou-b',
    KubeConfig: walkKubeConfig(),
  });
  const id = String(made.VirtualNodeId);
  const out = [
    await h.call('DeleteVirtualNode', { ...region, VirtualNodeId: 'vnd-doesnotexist' }),
    await h.call('UpdateVirtualNode', { ...region, VirtualNodeId: id, VirtualNodeName: 'x-y' }),
  ];
  await h.ok('DeleteVirtualNode', { ...region, VirtualNodeId: id });
  return out;
}

/** One request per error the emulator can answer, over `main` and a no-stock, faulty second endpoint. */
export async function runErrors(main: Harness): Promise<Answer[]> {
  const out: Answer[] = [];
  const exits = {
    RestartPolicy: 'Never' as const,
    Container: [{ Name: 'app', Image: 'busybox:1.36', Command: ['true'] }],
  };
  const done = String((await main.ok('CreateContainerGroup', group('errors-done', exits))).ContainerGroupId);
  main.clock.advance(60_000);
  out.push(
    await main.call('DescribeContainerGroups', {}),
    await main.call('DescribeContainerGroups', { ...region, Limit: '999' }),
    await main.call('DescribeContainerGroups', { RegionId: 'cn-beijing' }),
    await main.call('DescribeContainerGroups', { ...region, Version: '2099-01-01' }),
    await main.call('NoSuchAction', region),
    await main.call('RestartContainerGroup', { ...region, ContainerGroupId: done }),
    await main.call('DeleteContainerGroup', { ...region, ContainerGroupId: 'eci-doesnotexist' }),
    await main.call('CreateContainerGroup', { ...group('dry-run'), DryRun: 'true' }),
    await main.call('DescribeRegions', region, { secret: 'wrong' }),
    await main.call('DescribeRegions', region, { accessKeyId: 'nobody' }),
  );
  out.push(...(await imageCacheErrors(main)));
  out.push(...(await dataCacheErrors(main)));
  out.push(...(await opsErrors(main)));
  out.push(...(await virtualNodeErrors(main)));
  await main.call('DescribeRegions', region, { nonce: 'once' });
  out.push(await main.call('DescribeRegions', region, { nonce: 'once' })); // the nonce again
  const faulty = await new Harness().start();
  try {
    faulty.sim.setStock('cn-hangzhou-b', 0);
    out.push(await faulty.call('CreateContainerGroup', group('no-stock')));
    faulty.sim.setFaults({ throttle: true });
    let throttled: Answer | undefined;
    // Create's bucket holds 100: the 101st call in the same (manual-clock) instant is refused.
    for (let i = 0; i < 150 && !throttled; i++) {
      const a = await faulty.call('CreateContainerGroup', group('no-stock'));
      if (a.body.Code === 'Throttling.User') throttled = a;
    }
    faulty.sim.setFaults({ throttle: false, errorRate: 1 });
    out.push(await faulty.call('DescribeRegions', region));
    if (throttled) out.push(throttled);
  } finally {
    await faulty.close();
  }
  return out;
}
