import type { StatusQuery } from '../backend.js';
import type { SimGroup } from './model.js';
import type { SimDescribeFilter } from './options.js';
import { hasTags, type Store } from './store.js';

/**
 * The groups a status/events query matches, starting from the cheapest index: explicit IDs, then
 * the SinceSecond change log, then the smallest tag set; a full scan only with no filter at all.
 */
export function selectGroups(store: Store, q: StatusQuery, now: number): SimGroup[] {
  const since = q.SinceSecond === undefined ? undefined : now - q.SinceSecond * 1000;
  const groups = q.ContainerGroupIds?.length
    ? q.ContainerGroupIds.flatMap((id) => store.get(id) ?? [])
    : since !== undefined
      ? store.changedSince(since)
      : q.Tags?.length
        ? store.withTags(q.Tags)
        : [...store.groups.values()];
  return groups.filter((g) => hasTags(g, q.Tags) && (since === undefined || g.changedAt >= since));
}

/** DescribeContainerGroups' filters: IDs, name, status, tags (all must match), zone, vSwitch. */
export function describeGroups(store: Store, f: SimDescribeFilter, now: number): SimGroup[] {
  const base =
    f.ContainerGroupName && !f.ContainerGroupIds?.length
      ? store.withName(f.ContainerGroupName)
      : selectGroups(store, { ContainerGroupIds: f.ContainerGroupIds, Tags: f.Tags }, now);
  return base.filter(
    (g) =>
      (!f.ContainerGroupName || g.name === f.ContainerGroupName) &&
      hasTags(g, f.Tags) &&
      (!f.Status || g.status === f.Status) &&
      (!f.ZoneId || g.zoneId === f.ZoneId) &&
      (!f.VSwitchId || g.vSwitchId === f.VSwitchId),
  );
}
