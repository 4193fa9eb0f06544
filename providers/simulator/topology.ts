import type { VSwitch } from '../backend.js';
import { FixedIps, type KeptIp } from './fixed-ips.js';
import { hash32 } from './random.js';

/** Addresses per vSwitch block: each vSwitch owns a /20 of 192.168.0.0/16 (16 blocks before wrapping). */
const BLOCK = 16 * 256;
/** VPC reserves the first and the last three addresses of every vSwitch CIDR block. */
const RESERVED = 4;
/** The shape of a real vSwitch ID; an unlisted ID of another shape never exists. */
const VSWITCH_ID = /^vsw-[a-z0-9-]+$/;

interface IpPool {
  index: number;
  next: number;
  free: number[];
  /** Offsets at or past `next` taken by a given address (PrivateIpAddress): allocation skips them. */
  claimed?: number[];
}

export interface TopologyState {
  pools: [string, IpPool][];
  fixed?: [string, KeptIp][];
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
 * Which vSwitches exist (for VPC DescribeVSwitches): the listed ones, plus, unless `unlisted` is
 * 'missing', every well-formed ID, made on first use, so any ECI_VSWITCH works without set-up.
 */
export class Topology {
  private readonly pools = new Map<string, IpPool>();
  /** Addresses kept for groups created with FixedIp, by group name. */
  readonly fixed = new FixedIps();

  constructor(
    readonly regionId: string,
    readonly zones: string[],
    private readonly vSwitchZones: Record<string, string> = {},
    private readonly unlisted: 'exist' | 'missing' = 'exist',
  ) {}

  /** The simulated VPC every vSwitch belongs to. */
  get vpcId(): string {
    return `vpc-sim-${this.regionId}`;
  }

  exists(vSwitchId: string): boolean {
    return (
      Object.hasOwn(this.vSwitchZones, vSwitchId) || (this.unlisted === 'exist' && VSWITCH_ID.test(vSwitchId))
    );
  }

  /** The vSwitch as VPC reports it, or undefined when it does not exist. */
  describe(vSwitchId: string): VSwitch | undefined {
    if (!this.exists(vSwitchId)) return undefined;
    const pool = this.pool(vSwitchId);
    return {
      VSwitchId: vSwitchId,
      ZoneId: this.zoneOf(vSwitchId),
      VpcId: this.vpcId,
      CidrBlock: `192.168.${(pool.index % 16) * 16}.0/20`,
      Status: 'Available',
      AvailableIpAddressCount: Math.max(0, BLOCK - RESERVED - (pool.next - pool.free.length)),
    };
  }

  /** Every vSwitch that exists so far: the listed ones, then those made on first use. */
  list(): VSwitch[] {
    const ids = new Set([...Object.keys(this.vSwitchZones), ...this.pools.keys()]);
    return [...ids].flatMap((id) => this.describe(id) ?? []);
  }

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
    let n = pool.free.pop();
    while (n === undefined) {
      const next = pool.next++;
      // A claimed offset is in use: below `next` it needs no mark of its own.
      const claimed = pool.claimed?.indexOf(next) ?? -1;
      if (claimed < 0) n = next;
      else pool.claimed?.splice(claimed, 1);
    }
    return this.address(pool, n);
  }

  releaseIp(vSwitchId: string, ip: string): void {
    const pool = this.pools.get(vSwitchId);
    const n = pool && this.offset(pool, ip);
    if (pool === undefined || n === undefined) return;
    if (n < pool.next) pool.free.push(n);
    else pool.claimed = pool.claimed?.filter((c) => c !== n);
  }

  /** True when the address is in the vSwitch's CIDR block. */
  holds(vSwitchId: string, ip: string): boolean {
    return this.offset(this.pool(vSwitchId), ip) !== undefined;
  }

  /** True when the vSwitch's address is taken by a group (or kept as a fixed IP). */
  inUse(vSwitchId: string, ip: string): boolean {
    const pool = this.pool(vSwitchId);
    const n = this.offset(pool, ip);
    if (n === undefined) return false;
    return n < pool.next ? !pool.free.includes(n) : (pool.claimed ?? []).includes(n);
  }

  /** Takes a given address of the vSwitch (PrivateIpAddress); false when it is not free. */
  claimIp(vSwitchId: string, ip: string): boolean {
    const pool = this.pool(vSwitchId);
    const n = this.offset(pool, ip);
    if (n === undefined || this.inUse(vSwitchId, ip)) return false;
    if (n < pool.next) pool.free.splice(pool.free.indexOf(n), 1);
    else (pool.claimed ??= []).push(n);
    return true;
  }

  toJSON(): TopologyState {
    return { pools: [...this.pools.entries()], fixed: this.fixed.toJSON() };
  }

  load(state: TopologyState): void {
    for (const [id, pool] of state.pools) this.pools.set(id, pool);
    this.fixed.load(state.fixed ?? []);
  }

  private address(pool: IpPool, n: number): string {
    const address = (pool.index * BLOCK + n + 1) % (256 * 256);
    return `192.168.${address >> 8}.${address & 255}`;
  }

  /** The offset of `ip` in the pool's block, or undefined when the block does not hold it. */
  private offset(pool: IpPool, ip: string): number | undefined {
    const m = /^192\.168\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
    if (!m) return undefined;
    const n = (Number(m[1]) * 256 + Number(m[2]) - 1 - pool.index * BLOCK + 256 * 256) % (256 * 256);
    return n < BLOCK - RESERVED ? n : undefined;
  }

  private pool(vSwitchId: string): IpPool {
    let pool = this.pools.get(vSwitchId);
    if (!pool) this.pools.set(vSwitchId, (pool = { index: this.pools.size, next: 0, free: [] }));
    return pool;
  }
}
