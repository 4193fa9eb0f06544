import { hash32 } from './random.js';

/** Addresses per vSwitch block: each vSwitch owns a /20 of 192.168.0.0/16 (16 blocks before wrapping). */
const BLOCK = 16 * 256;

interface IpPool {
  index: number;
  next: number;
  free: number[];
}

export interface TopologyState {
  pools: [string, IpPool][];
}

/** The default zones of a region: `<region>-b` .. `<region>-k`, as cn-hangzhou has. */
export function defaultZones(regionId: string): string[] {
  return [...'bcdefghijk'].map((letter) => `${regionId}-${letter}`);
}

/**
 * Zones and vSwitches of the simulated region. A vSwitch ID not in `vSwitchZones` still gets a
 * stable zone: a zone letter in the ID (`vsw-hangzhou-b-1`, `vsw-x-cn-hangzhou-c`, `vsw-foo-d`)
 * wins; otherwise a hash of the ID picks one of the region's zones.
 * IP addresses are values only (never contacted): 192.168.x.y, one block per vSwitch, reused after release.
 */
export class Topology {
  private readonly pools = new Map<string, IpPool>();

  constructor(
    readonly regionId: string,
    readonly zones: string[],
    private readonly vSwitchZones: Record<string, string> = {},
  ) {}

  zoneOf(vSwitchId: string): string {
    const mapped = this.vSwitchZones[vSwitchId];
    if (mapped) return mapped;
    const short = this.regionId.split('-').at(-1) ?? this.regionId;
    for (const pattern of [`${this.regionId}-([a-z])(?![a-z])`, `-${short}-([a-z])(?![a-z])`, `-([a-z])$`]) {
      const letter = new RegExp(pattern).exec(vSwitchId)?.[1];
      const zone = `${this.regionId}-${letter}`;
      if (letter && this.zones.includes(zone)) return zone;
    }
    return this.zones[hash32(vSwitchId) % this.zones.length];
  }

  allocateIp(vSwitchId: string): string {
    const pool = this.pool(vSwitchId);
    const n = pool.free.pop() ?? pool.next++;
    const address = (pool.index * BLOCK + n + 1) % (256 * 256);
    return `192.168.${address >> 8}.${address & 255}`;
  }

  releaseIp(vSwitchId: string, ip: string): void {
    const pool = this.pools.get(vSwitchId);
    const [, , third, fourth] = ip.split('.').map(Number);
    if (!pool) return;
    const n = (third * 256 + fourth - 1 - pool.index * BLOCK + 256 * 256) % (256 * 256);
    if (n < pool.next) pool.free.push(n);
  }

  toJSON(): TopologyState {
    return { pools: [...this.pools.entries()] };
  }

  load(state: TopologyState): void {
    for (const [id, pool] of state.pools) this.pools.set(id, pool);
  }

  private pool(vSwitchId: string): IpPool {
    let pool = this.pools.get(vSwitchId);
    if (!pool) this.pools.set(vSwitchId, (pool = { index: this.pools.size, next: 0, free: [] }));
    return pool;
  }
}
