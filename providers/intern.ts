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

/**
 * A text that equal objects of primitives and Dates, and only they, share: each field's name and
 * value after their lengths, a Date by its time. Undefined when a field holds any other object.
 * Dates count because the cache's are shared (revive.ts): a pod condition is a leaf with its time.
 */
function leafKey(value: object): string | undefined {
  let key = '';
  for (const name in value) {
    const inner: unknown = (value as Record<string, unknown>)[name];
    let text: string;
    if (typeof inner === 'string') text = `s${inner}`;
    else if (typeof inner === 'number') text = `n${inner}`;
    else if (typeof inner === 'boolean') text = inner ? 't' : 'f';
    else if (inner === null) text = 'z';
    else if (inner === undefined) text = 'u';
    else if (inner instanceof Date) text = `d${inner.getTime()}`;
    else return undefined;
    key += `${name.length}:${name}${text.length}:${text}`;
  }
  return key;
}

const leaves = new Interner<object>((key) => {
  throw new Error(`internLeaf: no object given for ${key}`);
}, SHORT_GENERATION);

/**
 * One shared, frozen instance per distinct object of primitives and Dates only (an environment
 * variable, a port, a toleration, a pod condition): every pod of a Deployment repeats them, and a
 * burst of pods their conditions to the second. Anything else is returned as it is.
 */
export function internLeaf<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Date)
    return value;
  const key = leafKey(value);
  return key === undefined ? value : (leaves.get(key, () => Object.freeze(value)) as T);
}

/**
 * The tags, each a shared Tag (internLeaf) with an absent Value the empty one: every group of a
 * cluster carries its cluster's, node's and namespace's tags.
 */
export function internTags(list: readonly { Key: string; Value?: string }[]): Tag[] {
  return list.map((t) => internLeaf({ Key: t.Key, Value: t.Value ?? '' }));
}
