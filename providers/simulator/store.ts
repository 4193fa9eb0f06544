import type { Tag } from '../eci-api/index.js';
import { IdIndex } from '../id-index.js';
import type { SimGroup } from './model.js';

interface Change {
  t: number;
  id: string;
}

const tagKey = (tag: Tag): string => `${tag.Key}\u0000${tag.Value}`;

/**
 * The container groups and the indexes that keep the controller's queries cheap at 10,000 groups:
 * by tag (the controller's cluster/node tags), by name, and a change log ordered by time so
 * `SinceSecond` costs O(groups changed in the window), not O(all groups).
 */
export class Store {
  readonly groups = new Map<string, SimGroup>();
  private readonly byTag = new IdIndex();
  private readonly byName = new IdIndex();
  /** Append-only (t non-decreasing); a group's live entry is the one whose t equals its changedAt. */
  private changes: Change[] = [];
  private lastChange = 0;
  /** Terminal groups past their 1 h retention, oldest first; only the newest N are kept. */
  readonly pastRetention = new Set<string>();

  get(id: string): SimGroup | undefined {
    return this.groups.get(id);
  }

  add(g: SimGroup): void {
    this.groups.set(g.id, g);
    this.byName.add(g.name, g.id);
    for (const tag of g.tags) this.byTag.add(tagKey(tag), g.id);
  }

  remove(g: SimGroup): void {
    this.groups.delete(g.id);
    this.byName.remove(g.name, g.id);
    for (const tag of g.tags) this.byTag.remove(tagKey(tag), g.id);
    this.pastRetention.delete(g.id);
  }

  setTags(g: SimGroup, tags: Tag[]): void {
    for (const tag of g.tags) this.byTag.remove(tagKey(tag), g.id);
    g.tags = tags;
    for (const tag of tags) this.byTag.add(tagKey(tag), g.id);
  }

  /** Records that the group's status record changed now. */
  touch(g: SimGroup, now: number): void {
    const t = Math.max(now, this.lastChange);
    if (g.changedAt === t) return;
    g.changedAt = t;
    this.lastChange = t;
    this.changes.push({ t, id: g.id });
    if (this.changes.length > 2 * this.groups.size + 1024) this.compact();
  }

  /** Groups whose status record changed at or after `since` (clock ms), in change order. */
  changedSince(since: number): SimGroup[] {
    const out: SimGroup[] = [];
    for (let i = this.firstAtOrAfter(since); i < this.changes.length; i++) {
      const { t, id } = this.changes[i];
      const g = this.groups.get(id);
      if (g && g.changedAt === t) out.push(g);
    }
    return out;
  }

  /** Groups carrying every tag; starts from the smallest tag set, so cost follows the result size. */
  withTags(tags: Tag[]): SimGroup[] {
    let smallest: string | undefined;
    for (const tag of tags) {
      const key = tagKey(tag);
      const count = this.byTag.count(key);
      if (count === 0) return [];
      if (smallest === undefined || count < this.byTag.count(smallest)) smallest = key;
    }
    const ids = smallest === undefined ? this.groups.keys() : this.byTag.get(smallest);
    const out: SimGroup[] = [];
    for (const id of ids) {
      const g = this.groups.get(id);
      if (g && hasTags(g, tags)) out.push(g);
    }
    return out;
  }

  withName(name: string): SimGroup[] {
    return [...this.byName.get(name)].flatMap((id) => this.groups.get(id) ?? []);
  }

  /** Rebuilds the change log after a reload: one entry per group, in changedAt order. */
  rebuildChanges(): void {
    this.changes = [...this.groups.values()]
      .map((g) => ({ t: g.changedAt, id: g.id }))
      .sort((a, b) => a.t - b.t);
    this.lastChange = this.changes.at(-1)?.t ?? 0;
  }

  private compact(): void {
    this.changes = this.changes.filter(({ t, id }) => this.groups.get(id)?.changedAt === t);
  }

  private firstAtOrAfter(since: number): number {
    let lo = 0;
    let hi = this.changes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.changes[mid].t < since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

export function hasTags(g: { tags: readonly Tag[] }, tags: Tag[] | undefined): boolean {
  return (tags ?? []).every((want) => g.tags.some((t) => t.Key === want.Key && t.Value === want.Value));
}
