import type { Tag } from './eci-api/index.js';

/**
 * One shared instance per distinct value, for values that repeat across thousands of cached
 * objects: JSON.parse makes a new string for every occurrence, so 10,000 pods held 10,000 copies of
 * each image name, node name and toleration key, and a Date per timestamp although a burst of pods
 * shares a few hundred distinct seconds.
 *
 * Two generations bound the table without bookkeeping per entry: a value seen again while the
 * current generation fills is carried into it, and one seen once (a UID, a resourceVersion) drops out
 * two generations later. The table holds at most twice `generationSize` entries.
 */
export class Interner<V> {
  private current = new Map<string, V>();
  private previous = new Map<string, V>();

  constructor(
    private readonly make: (key: string) => V,
    private readonly generationSize = 16_384,
  ) {}

  /** The shared value for `key`; on a miss, the one `make` gives becomes it. */
  get(key: string, make: (key: string) => V = this.make): V {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const value = this.previous.get(key) ?? make(key);
    this.current.set(key, value);
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    return value;
  }
}

// Small generations: the values worth sharing come with every group, and the ones that name a
// single pod (its UID tag) would otherwise stay in the table, keys and all, for 30,000 lookups.
const SHORT_GENERATION = 1024;

const strings = new Interner<string>((s) => s);

/** The one shared instance of an equal string (an image name, a node name, an event's message). */
export function internString(s: string): string {
  return strings.get(s);
}

const leaves = new Interner<object>((json) => Object.freeze(JSON.parse(json) as object), SHORT_GENERATION);

/**
 * One shared, frozen instance per distinct object of primitives only (an environment variable, a
 * port, a volume mount): every container of a Deployment repeats them. Anything else is returned
 * as it is.
 */
export function internLeaf<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  for (const key in value) {
    const inner: unknown = value[key];
    if (inner !== null && typeof inner === 'object') return value;
  }
  return leaves.get(JSON.stringify(value), () => Object.freeze(value)) as T;
}

/**
 * The tags, each a shared Tag (internLeaf) with an absent Value the empty one: every group of a
 * cluster carries its cluster's, node's and namespace's tags.
 */
export function internTags(list: readonly { Key: string; Value?: string }[]): Tag[] {
  return list.map((t) => internLeaf({ Key: t.Key, Value: t.Value ?? '' }));
}
