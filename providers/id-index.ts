/**
 * The IDs each key names, for keys that mostly name one (a pod's UID tag, a group's name): such a
 * key holds the ID alone, and a Set only once a second ID comes. A Set for every key was 8 MiB of
 * the simulator's heap at 10,000 groups, and 2 MiB of the controller's.
 */
export class IdIndex {
  private readonly byKey = new Map<string, string | Set<string>>();

  add(key: string, id: string): void {
    const ids = this.byKey.get(key);
    if (ids === undefined) this.byKey.set(key, id);
    else if (typeof ids !== 'string') ids.add(id);
    else if (ids !== id) this.byKey.set(key, new Set([ids, id]));
  }

  remove(key: string, id: string): void {
    const ids = this.byKey.get(key);
    if (ids === id) this.byKey.delete(key);
    else if (typeof ids !== 'string' && ids?.delete(id) && ids.size === 1) this.byKey.set(key, [...ids][0]);
  }

  /** The IDs `key` names, in the order they were added; none if it names none. Not to be changed. */
  get(key: string): Iterable<string> {
    const ids = this.byKey.get(key);
    return ids === undefined ? [] : typeof ids === 'string' ? [ids] : ids;
  }

  /** How many IDs `key` names. */
  count(key: string): number {
    const ids = this.byKey.get(key);
    return ids === undefined ? 0 : typeof ids === 'string' ? 1 : ids.size;
  }
}
