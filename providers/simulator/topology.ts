import type { VSwitch } from '../backend.js';
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
 * Which vSwitches exist (for VPC DescribeVSwitches): the listed ones, plus, unless `unlisted` is
 * 'missing', every well-formed ID, made on first use, so any ECI_VSWITCH works without set-up.
 */
export class Topology {
  private readonly pools = new Map<string, IpPool>();

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
