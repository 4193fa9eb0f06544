import type { Tag } from '../../eci-api/index.js';
import type { SimContext } from '../context.js';
import { hasTags } from '../store.js';
import { missingParameter } from '../errors.js';
import type { RequestGate } from '../faults.js';
import { ClientTokens } from '../tokens.js';
import {
  checkFree,
  checkQuota,
  DEFAULT_BUCKET,
  newDataCache,
  toSource,
  validateDataCacheInput,
  type DataCacheInput,
} from './create.js';
import { reload, setRetention, startDataCache } from './lifecycle.js';
import { dataCacheNotFound, holds, incorrectStatus, type SimDataCache } from './model.js';

export interface DataCacheUpdate extends DataCacheInput {
  DataCacheId: string;
}

/** DeleteDataCache names a cache by ID, or by the Bucket (default "default") and Path it holds. */
export interface DataCacheRef {
  DataCacheId?: string;
  Bucket?: string;
  Path?: string;
}

/** CopyDataCache: the copy's Bucket, Path and Name default to the source's. */
export interface DataCacheCopy {
  DataCacheId: string;
  DestinationRegionId: string;
  Bucket?: string;
  Path?: string;
  Name?: string;
  RetentionDays?: number;
  ResourceGroupId?: string;
  Tag?: Tag[];
  ClientToken?: string;
}

/** DescribeDataCaches filters (every one given must match). */
export interface DataCacheFilter {
  DataCacheIds?: string[];
  /** "default" when not given, unless DataCacheIds are. */
  Bucket?: string;
  Path?: string;
  ResourceGroupId?: string;
  Tags?: Tag[];
}

const TOKEN_MS = 24 * 3600_000;

/**
 * Bucket defaults to "default" (the SDK's DescribeDataCachesRequest: "Default value: default."), so a
 * Path is looked for in that bucket. Caches asked by DataCacheId are found in any bucket: an ID
 * names one cache of the account (the simulator's reading; the reference does not say).
 */
function bucketOf(f: DataCacheFilter): string | undefined {
  return f.Bucket ?? (f.DataCacheIds === undefined ? DEFAULT_BUCKET : undefined);
}

function matches(c: SimDataCache, f: DataCacheFilter): boolean {
  const bucket = bucketOf(f);
  return (
    (f.DataCacheIds === undefined || f.DataCacheIds.includes(c.id)) &&
    (bucket === undefined || c.bucket === bucket) &&
    (f.Path === undefined || holds(c, c.bucket, f.Path)) &&
    (f.ResourceGroupId === undefined || c.resourceGroupId === f.ResourceGroupId) &&
    hasTags(c, f.Tags)
  );
}

/** CreateDataCache, DescribeDataCaches, UpdateDataCache, DeleteDataCache, CopyDataCache on the engine's caches. */
export class SimDataCaches {
  private readonly tokens = new ClientTokens();

  constructor(
    private readonly ctx: SimContext,
    private readonly gate: RequestGate,
  ) {}

  create(input: DataCacheInput): Promise<{ DataCacheId: string }> {
    return this.gate.run('CreateDataCache', () => {
      validateDataCacheInput(input, true);
      return this.once(input.ClientToken, () => {
        checkFree(this.ctx, input.Bucket ?? DEFAULT_BUCKET, input.Path ?? '/');
        checkQuota(this.ctx);
        const cache = newDataCache(this.ctx, input);
        startDataCache(this.ctx, cache);
        return cache.id;
      });
    });
  }

  /** Copies, so a caller cannot change the engine's caches. */
  describe(filter: DataCacheFilter = {}): Promise<SimDataCache[]> {
    return this.gate.run('DescribeDataCaches', () =>
      [...this.ctx.dataCaches.values()].filter((c) => matches(c, filter)).map((c) => structuredClone(c)),
    );
  }

  /**
   * Names, sizes, tags, retention and network change in place; a new DataSource loads again
   * (Updating, then Available or UpdateFailed). Only an Available or UpdateFailed cache can be updated.
   */
  update(input: DataCacheUpdate): Promise<void> {
    return this.gate.run('UpdateDataCache', () => {
      const cache = this.get(input.DataCacheId);
      validateDataCacheInput(input, false);
      if (cache.status !== 'Available' && cache.status !== 'UpdateFailed')
        throw incorrectStatus(cache, 'UpdateDataCache', 'Available or UpdateFailed');
      if (input.Bucket !== undefined) checkFree(this.ctx, input.Bucket, cache.path, cache.id);
      if (input.Bucket !== undefined) cache.bucket = input.Bucket;
      if (input.Name !== undefined) cache.name = input.Name;
      if (input.Size !== undefined) cache.size = input.Size;
      if (input.ResourceGroupId !== undefined) cache.resourceGroupId = input.ResourceGroupId;
      if (input.SecurityGroupId !== undefined) cache.securityGroupId = input.SecurityGroupId;
      if (input.VSwitchId !== undefined) cache.vSwitchId = input.VSwitchId;
      if (input.EipInstanceId !== undefined) cache.eipInstanceId = input.EipInstanceId;
      if (input.Tag !== undefined) cache.tags = input.Tag.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
      if (input.RetentionDays !== undefined) setRetention(this.ctx, cache, input.RetentionDays);
      if (input.DataSource !== undefined) reload(this.ctx, cache, toSource(input.DataSource));
      this.ctx.dirty();
    });
  }

  delete(ref: DataCacheRef): Promise<void> {
    return this.gate.run('DeleteDataCache', () => {
      const cache = ref.DataCacheId !== undefined ? this.get(ref.DataCacheId) : this.byPath(ref);
      this.ctx.dataCaches.delete(cache.id);
      this.ctx.dirty();
    });
  }

  /**
   * The simulator serves one region, so the copy lands in it (the caller checked
   * DestinationRegionId): made from the source's snapshot, Creating then Available.
   */
  copy(input: DataCacheCopy): Promise<{ DataCacheId: string }> {
    return this.gate.run('CopyDataCache', () => {
      const source = this.get(input.DataCacheId);
      const { Bucket, Path, Name, RetentionDays, Tag } = input;
      validateDataCacheInput({ Bucket, Path, Name, RetentionDays, Tag }, false);
      if (source.status !== 'Available') throw incorrectStatus(source, 'CopyDataCache', 'Available');
      return this.once(input.ClientToken, () => {
        const bucket = input.Bucket ?? source.bucket;
        const path = input.Path ?? source.path;
        checkFree(this.ctx, bucket, path);
        checkQuota(this.ctx);
        const copy = newDataCache(this.ctx, {
          Bucket: bucket,
          Path: path,
          Name: input.Name ?? source.name,
          Size: source.size,
          RetentionDays: input.RetentionDays,
          DataSource: source.dataSource,
          ResourceGroupId: input.ResourceGroupId ?? source.resourceGroupId,
          Tag: input.Tag ?? source.tags,
        });
        copy.copiedFrom = source.id;
        startDataCache(this.ctx, copy);
        return copy.id;
      });
    });
  }

  /** ClientToken: a repeated request within a day answers the cache the first one made. */
  private once(token: string | undefined, make: () => string): { DataCacheId: string } {
    const now = this.ctx.now();
    const known = token ? this.ctx.dataCaches.get(this.tokens.get(token, now) ?? '') : undefined;
    if (known) return { DataCacheId: known.id };
    const id = make();
    if (token) this.tokens.remember(token, id, now + this.ctx.lifetime(TOKEN_MS));
    return { DataCacheId: id };
  }

  private byPath(ref: DataCacheRef): SimDataCache {
    const bucket = ref.Bucket ?? DEFAULT_BUCKET;
    const path = ref.Path;
    if (path === undefined) throw missingParameter('DataCacheId');
    const cache = [...this.ctx.dataCaches.values()].find((c) => holds(c, bucket, path));
    if (!cache) throw dataCacheNotFound(`no cache holds Path "${ref.Path}" in bucket "${bucket}"`);
    return cache;
  }

  private get(id: string): SimDataCache {
    const cache = this.ctx.dataCaches.get(id);
    if (!cache) throw dataCacheNotFound(`"${id}"`);
    return cache;
  }
}
