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

  get(key: string): V {
    const hit = this.current.get(key);
    if (hit !== undefined) return hit;
    const value = this.previous.get(key) ?? this.make(key);
    this.current.set(key, value);
    if (this.current.size >= this.generationSize) {
      this.previous = this.current;
      this.current = new Map();
    }
    return value;
  }
}
