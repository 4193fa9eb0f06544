import { normalizeSpec } from './spec.js';

export type Availability = number | 'unlimited';

const ANY_SPEC = '*';

/**
 * Capacity per zone and spec. Unset means plentiful. `available` counts how many more container
 * groups the zone can place; each placement consumes one, and only `set` refills it (releasing a
 * group does not), so a test that drains a zone sees exactly the NoStock it asked for.
 */
export class Stock {
  private readonly table = new Map<string, Map<string, Availability>>();

  /** `spec` is a cpu-memory spec (`2-4Gi`) or an instance type; omitted = every spec of the zone. */
  set(zoneId: string, available: Availability, spec?: string): void {
    if (available !== 'unlimited' && (!Number.isInteger(available) || available < 0)) {
      throw new Error(`setStock: available must be a non-negative integer or 'unlimited', got ${available}`);
    }
    let zone = this.table.get(zoneId);
    if (!zone) this.table.set(zoneId, (zone = new Map()));
    const key = spec === undefined ? ANY_SPEC : normalizeSpec(spec);
    if (key === ANY_SPEC) zone.clear();
    zone.set(key, available);
  }

  has(zoneId: string, spec: string): boolean {
    const left = this.lookup(zoneId, spec);
    return left === 'unlimited' || left > 0;
  }

  take(zoneId: string, spec: string): void {
    const zone = this.table.get(zoneId);
    if (!zone) return;
    const key = zone.has(spec) ? spec : ANY_SPEC;
    const left = zone.get(key);
    if (typeof left === 'number') zone.set(key, Math.max(0, left - 1));
  }

  private lookup(zoneId: string, spec: string): Availability {
    const zone = this.table.get(zoneId);
    return zone?.get(spec) ?? zone?.get(ANY_SPEC) ?? 'unlimited';
  }
}

export interface PlacementCandidate {
  vSwitchId: string;
  zoneId: string;
}

export interface Placement extends PlacementCandidate {
  spec: string;
}

/**
 * Where a group lands: specs in the order given (the user's preference), and for each spec the
 * vSwitches in order (VSwitchOrdered) or shuffled (VSwitchRandom), skipping zones without stock.
 * Returns undefined when nothing has stock.
 */
export function place(
  stock: Stock,
  specs: string[],
  vSwitches: PlacementCandidate[],
  strategy: 'VSwitchOrdered' | 'VSwitchRandom',
  random: () => number,
): Placement | undefined {
  const order = strategy === 'VSwitchRandom' ? shuffle(vSwitches, random) : vSwitches;
  for (const spec of specs) {
    const hit = order.find((v) => stock.has(v.zoneId, spec));
    if (hit) return { ...hit, spec };
  }
  return undefined;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
