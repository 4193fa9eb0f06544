import type { Backend } from '../../providers/backend.js';
import type { ContainerGroupStatusRecord } from '../../providers/eci-api/index.js';
import { TAG } from '../translate/index.js';
import { logger } from '../log.js';
import { deleteGroup } from './lifecycle.js';
import { podMetrics } from './metrics.js';
import type { GroupRegistry } from './registry.js';

/** A group created less than this long ago may not be listed yet: never call it missing or orphaned. */
export const LISTING_GRACE_MS = 30_000;
/** ECI takes up to 20 IDs in one DescribeContainerGroups call. */
const IDS_PER_DESCRIBE = 20;

/** What reconciling a full listing needs of the pod controller. */
export interface ListingContext {
  backend: Backend;
  registry: GroupRegistry;
  /** The cached pod with this UID, as `namespace/name`, if any. */
  podKeyOfUid(uid: string): string | undefined;
  isInFlight(uid: string): boolean;
  enqueue(podKey: string): void;
  /** Applies a status record of a known group; false when the group is unknown. */
  observe(record: ContainerGroupStatusRecord): boolean;
  now(): number;
}

/**
 * Reconciles a complete listing of the node's groups with the registry: known groups get their
 * status; unknown ones are adopted by their pod-UID tag or, with no such pod, deleted (orphans);
 * known groups the listing lacks are marked missing. Right after start-up (`adopting`) nothing is
 * young enough to be spared: the registry was just built from the listing itself.
 */
export async function reconcileListing(
  ctx: ListingContext,
  records: ContainerGroupStatusRecord[],
  listedAt: number,
  adopting: boolean,
): Promise<void> {
  const unknown = records.filter((r) => !ctx.observe(r));
  await resolveUnknown(
    ctx,
    unknown.map((r) => r.ContainerGroupId),
    adopting,
  );
  // Adopted groups: their records came with this listing, before they were known.
  for (const record of unknown) ctx.observe(record);
  const listed = new Set(records.map((r) => r.ContainerGroupId));
  for (const entry of ctx.registry.entries()) {
    if (listed.has(entry.containerGroupId)) continue;
    if (!adopting && listedAt - entry.knownSince < LISTING_GRACE_MS) continue;
    if (ctx.isInFlight(entry.podUid)) continue;
    entry.missing = true;
    ctx.enqueue(entry.podKey);
  }
}

/** Groups with our tags that no known group entry claims: adopt them by their UID tag, or delete them. */
async function resolveUnknown(ctx: ListingContext, ids: string[], adopting: boolean): Promise<void> {
  for (let i = 0; i < ids.length; i += IDS_PER_DESCRIBE) {
    const groups = await ctx.backend.describeContainerGroups({
      ContainerGroupIds: ids.slice(i, i + IDS_PER_DESCRIBE),
    });
    for (const group of groups) {
      const uid = group.Tags.find((t) => t.Key === TAG.uid)?.Value ?? '';
      const podKey = ctx.podKeyOfUid(uid);
      const current = ctx.registry.forUid(uid);
      if (
        podKey !== undefined &&
        group.Status === 'ScheduleFailed' &&
        current !== undefined &&
        current.containerGroupId !== group.ContainerGroupId
      ) {
        // A group ECI could not schedule whose successor exists (a restart came between the
        // successor's create and this one's delete): adopting it would replace the successor.
        await deleteGroup(ctx.backend, group.ContainerGroupId);
        logger.info('unscheduled container group deleted: replaced', {
          containerGroupId: group.ContainerGroupId,
          by: current.containerGroupId,
        });
        continue;
      }
      if (podKey !== undefined) {
        ctx.registry.set({
          containerGroupId: group.ContainerGroupId,
          podKey,
          podUid: uid,
          knownSince: ctx.now(),
        });
        ctx.enqueue(podKey);
        continue;
      }
      const age = ctx.now() - new Date(group.CreationTime).getTime();
      if (ctx.isInFlight(uid) || (!adopting && age < LISTING_GRACE_MS)) continue;
      await deleteGroup(ctx.backend, group.ContainerGroupId);
      podMetrics.orphansDeleted.inc();
      logger.warn('orphan container group deleted: no pod has its UID', {
        containerGroupId: group.ContainerGroupId,
        uid,
      });
    }
  }
}
