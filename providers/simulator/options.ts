import type { DescribeFilter } from '../backend.js';
import type { Clock } from './clock.js';
import type { Settings } from './context.js';
import type { Faults } from './faults.js';
import type { NameResolver } from './lookups.js';
import type { ServiceNetwork } from './service-network.js';
import type { Logger } from '../logger.js';

export interface SimulatorOptions {
  /** Default cn-hangzhou. */
  regionId?: string;
  /** Default `<region>-b` .. `<region>-k`. */
  zones?: string[];
  /** vSwitch ID → zone; unlisted IDs get a stable zone (see Topology). */
  vSwitchZones?: Record<string, string>;
  /**
   * Whether a well-formed vSwitch ID not in `vSwitchZones` exists (VPC DescribeVSwitches finds it):
   * 'exist' (default: any ECI_VSWITCH works) or 'missing' (only the listed ones, as in a real VPC).
   */
  unlistedVSwitches?: 'exist' | 'missing';
  /** Delay multiplier: 1 = realistic (scheduling ~1 s, image pull ~2 s), 0 = instant, 0.1 for tests. */
  speed?: number;
  /** ± fraction of random variation on scheduling and pull delays (default 0.2). */
  jitter?: number;
  /** PRNG seed for jitter, faults and VSwitchRandom (default 1). */
  seed?: number;
  /** Where transition and state-file errors go (default: nowhere). */
  logger?: Logger;
  /** Default: wall-clock time. Tests pass a ManualClock. */
  clock?: Clock;
  /** Save groups here (debounced) and load them at start. */
  stateFile?: string;
  faults?: Faults;
  /** Terminal groups keep full metadata this long (default 1 h, scaled by speed). */
  terminalRetentionMs?: number;
  /** Terminal groups kept past retention (default 100). */
  keepTerminal?: number;
  /** ClientToken memory (default 24 h, scaled by speed). */
  clientTokenMs?: number;
  /** No stock anywhere: throw NoStock at create (default), or create a group that ends ScheduleFailed. */
  noStock?: 'error' | 'scheduleFailed';
  /** The cluster DNS the containers' scripts look names up in (dnsResolver); none: not interpreted. */
  nameResolver?: NameResolver;
  /** The cluster's Services and endpoints (a list-watch); none: a resolved host takes every port as open. */
  serviceNetwork?: ServiceNetwork;
}

export interface SimDescribeFilter extends DescribeFilter {
  VSwitchId?: string;
}

export interface RegionInfo {
  RegionId: string;
  RegionEndpoint: string;
  Zones: string[];
  RecommendZones: string[];
}

export function settingsFrom(options: SimulatorOptions): Settings {
  const settings: Settings = {
    speed: options.speed ?? 1,
    jitter: options.jitter ?? 0.2,
    terminalRetentionMs: options.terminalRetentionMs ?? 3600_000,
    keepTerminal: options.keepTerminal ?? 100,
    clientTokenMs: options.clientTokenMs ?? 24 * 3600_000,
    noStock: options.noStock ?? 'error',
  };
  if (!(settings.speed >= 0)) {
    throw new Error(
      `EciSimulator: speed must be >= 0 (0 = instant, 1 = realistic, 0.1 = ten times faster), got ${options.speed}`,
    );
  }
  if (!(settings.jitter >= 0 && settings.jitter < 1)) {
    throw new Error(`EciSimulator: jitter must be in [0, 1) (0.2 = ±20 %), got ${options.jitter}`);
  }
  return settings;
}
