import { isBackendError, type Backend, type DescribeFilter } from '../../providers/backend.js';
import type { Clock } from '../../providers/clock.js';
import { internTags } from '../../providers/intern.js';
import type { ContainerGroup, Tag } from '../../providers/eci-api/index.js';
import { TAG } from '../translate/index.js';
import type { CostLedger } from './ledger.js';
import { priceKeyOf } from './price-key.js';

const namespaceOf = (tags: Tag[] | undefined): string =>
  tags?.find((t) => t.Key === TAG.namespace)?.Value || 'default';

const hasTags = (tags: Tag[], wanted: Tag[]): boolean =>
  wanted.every((w) => tags.some((t) => t.Key === w.Key && t.Value === w.Value));

/** A listing that names every group carrying its tags: anything tracked and missing has vanished. */
function isFullListing(f: DescribeFilter): f is DescribeFilter & { Tags: Tag[] } {
  return (
    f.Tags !== undefined &&
    f.Tags.length > 0 &&
    f.ContainerGroupIds === undefined &&
    f.ContainerGroupName === undefined &&
    f.Status === undefined &&
    f.ZoneId === undefined
  );
}

/**
 * The backend as the pod loop uses it, with what the cost ledger needs seen on the way: each
 * created group (its spec and namespace), each status, each listing (groups adopted after a
 * restart, groups that vanished) and each delete. Calls and results pass through unchanged.
 */
export function observeBackend(backend: Backend, ledger: CostLedger, clock: Clock): Backend {
  const tagsOf = new Map<string, Tag[]>();
  const track = (id: string, sized: Parameters<typeof priceKeyOf>[0], tags: Tag[]): void => {
    const key = priceKeyOf(sized);
    if (key === undefined || ledger.isTracked(id)) return;
    ledger.track(id, namespaceOf(tags), key);
    tagsOf.set(id, internTags(tags));
  };
  const forget = (id: string): void => {
    ledger.forget(id, clock.now());
    tagsOf.delete(id);
  };
  const listed = (groups: ContainerGroup[], filter: DescribeFilter): void => {
    const now = clock.now();
    for (const g of groups) {
      // Priced by vCPU and memory: a listing does not say whether an instance type was asked.
      const { Cpu, Memory, SpotStrategy, SpotPriceLimit } = g;
      track(g.ContainerGroupId, { Cpu, Memory, SpotStrategy, SpotPriceLimit }, g.Tags);
      ledger.status(g.ContainerGroupId, g.Status, now);
    }
    if (!isFullListing(filter)) return;
    const seen = new Set(groups.map((g) => g.ContainerGroupId));
    for (const [id, tags] of tagsOf) if (!seen.has(id) && hasTags(tags, filter.Tags)) forget(id);
  };
  return {
    name: backend.name,
    async createContainerGroup(request) {
      const result = await backend.createContainerGroup(request);
      track(result.ContainerGroupId, request, request.Tag);
      return result;
    },
    async deleteContainerGroup(id) {
      try {
        await backend.deleteContainerGroup(id);
      } catch (err) {
        if (!isBackendError(err, 'NotFound')) throw err;
        forget(id);
        throw err;
      }
      forget(id);
    },
    updateContainerGroup: (id, patch) => backend.updateContainerGroup(id, patch),
    openExec: (query, sink) => backend.openExec(query, sink),
    // Image caches are billed as snapshots, which the cost view does not price.
    createImageCache: (request) => backend.createImageCache(request),
    describeImageCaches: (ids) => backend.describeImageCaches(ids),
    matchImageCaches: (query) => backend.matchImageCaches(query),
    deleteImageCache: (id) => backend.deleteImageCache(id),
    async describeContainerGroups(filter) {
      const groups = await backend.describeContainerGroups(filter);
      listed(groups, filter);
      return groups;
    },
    async describeContainerGroupStatus(query) {
      const records = await backend.describeContainerGroupStatus(query);
      const now = clock.now();
      for (const r of records) ledger.status(r.ContainerGroupId, r.Status, now);
      return records;
    },
    describeContainerGroupEvents: (q) => backend.describeContainerGroupEvents(q),
    describeContainerLog: (q) => backend.describeContainerLog(q),
    execContainerCommand: (q) => backend.execContainerCommand(q),
    describeMetrics: (ids) => backend.describeMetrics(ids),
    describeVSwitches: (ids) => backend.describeVSwitches(ids),
    describeContainerGroupPrice: (q) => backend.describeContainerGroupPrice(q),
    close: () => backend.close(),
  };
}
