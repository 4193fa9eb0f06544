import type { ContainerGroupStatusName } from '../../providers/eci-api/index.js';
import type { PriceBook } from './price-book.js';
import type { PriceKey } from './price-key.js';

/**
 * The statuses ECI bills (reference §4 and ECI's billing page): from the start of the image pull
 * (Pending, after Scheduling) until the group ends; Restarting, Updating and Terminating groups
 * still hold their instance. Scheduling, ScheduleFailed and the terminal statuses cost nothing.
 */
const BILLED: ReadonlySet<ContainerGroupStatusName> = new Set([
  'Pending',
  'Running',
  'Restarting',
  'Updating',
  'Terminating',
]);

const HOUR_MS = 3_600_000;

interface Tracked {
  namespace: string;
  key: PriceKey;
  /** Clock ms since when it is billed and not yet accrued; undefined while not billed. */
  billedSince?: number;
  /** Billed time accrued while its price was still unknown. */
  unpricedMs: number;
  /** Deleted: removed once its last unpriced time is priced. */
  gone?: boolean;
}

/**
 * Accrued cost by namespace: each tracked group accrues its hourly price for the time its status is
 * billed, as seen by the controller (to within one status poll). Time is passed in, so tests replay
 * any sequence; `add` receives each namespace's increment (the Prometheus counter).
 */
export class CostLedger {
  private readonly groups = new Map<string, Tracked>();
  /** One PriceKey per spec, shared by the groups of that spec. */
  private readonly keys = new Map<string, PriceKey>();

  constructor(
    private readonly book: PriceBook,
    private readonly add: (namespace: string, amount: number) => void,
  ) {}

  /** Starts tracking a group (created, or found in a listing); a known group keeps its state. */
  track(containerGroupId: string, namespace: string, key: PriceKey): void {
    if (this.groups.has(containerGroupId)) return;
    const shared = this.keys.get(key.key) ?? key;
    this.keys.set(key.key, shared);
    // Every field in the literal, so none is added later into a second store.
    this.groups.set(containerGroupId, {
      namespace,
      key: shared,
      billedSince: undefined,
      unpricedMs: 0,
      gone: undefined,
    });
    this.book.known(shared); // the lookup starts now, so the price is there by the first write
  }

  keyOf(containerGroupId: string): PriceKey | undefined {
    return this.groups.get(containerGroupId)?.key;
  }

  isTracked(containerGroupId: string): boolean {
    const g = this.groups.get(containerGroupId);
    return g !== undefined && !g.gone;
  }

  /** The group's status at `at`: billing starts or stops with it. */
  status(containerGroupId: string, status: ContainerGroupStatusName, at: number): void {
    const g = this.groups.get(containerGroupId);
    if (g === undefined || g.gone) return;
    const billed = BILLED.has(status);
    if (billed && g.billedSince === undefined) g.billedSince = at;
    if (!billed && g.billedSince !== undefined) this.stop(g, at);
    this.settle(containerGroupId, g);
  }

  /** The group is gone (deleted or vanished): it stops accruing at `at`. */
  forget(containerGroupId: string, at: number): void {
    const g = this.groups.get(containerGroupId);
    if (g === undefined) return;
    if (g.billedSince !== undefined) this.stop(g, at);
    g.gone = true;
    this.settle(containerGroupId, g);
  }

  /** Turns billed time up to `at` into cost for every group whose price is known. */
  accrue(at: number): void {
    for (const [id, g] of this.groups) {
      if (g.billedSince !== undefined) {
        g.unpricedMs += Math.max(0, at - g.billedSince);
        g.billedSince = at;
      }
      this.settle(id, g);
    }
  }

  private stop(g: Tracked, at: number): void {
    g.unpricedMs += Math.max(0, at - (g.billedSince ?? at));
    g.billedSince = undefined;
  }

  private settle(id: string, g: Tracked): void {
    if (g.unpricedMs > 0) {
      const price = this.book.known(g.key);
      if (price === undefined) return;
      this.add(g.namespace, (g.unpricedMs / HOUR_MS) * price.amount);
      g.unpricedMs = 0;
    }
    if (g.gone) this.groups.delete(id);
  }
}
