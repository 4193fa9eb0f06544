import type { V1Pod } from '@kubernetes/client-node';
import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';
import { isIp } from './dns.js';
import { unsupported } from './errors.js';
import { imageCacheFields } from './image-cache.js';
import { GiB, parseQuantity } from './quantity.js';
import type { FailStrategy, TranslationContext } from './types.js';

export type OptionFields = Partial<
  Pick<
    CreateContainerGroupRequest,
    | 'VSwitchId'
    | 'SecurityGroupId'
    | 'ScheduleStrategy'
    | 'SpotStrategy'
    | 'SpotPriceLimit'
    | 'SpotDuration'
    | 'StrictSpot'
    | 'AutoMatchImageCache'
    | 'ImageSnapshotId'
    | 'AutoCreateEip'
    | 'EipInstanceId'
    | 'EipBandwidth'
    | 'RamRoleName'
    | 'EphemeralStorage'
    | 'MaxPendingMinute'
    | 'ResourceGroupId'
    | 'NtpServer'
  >
>;

export interface PodOptions {
  fields: OptionFields;
  failStrategy?: FailStrategy;
  kubeProxy: boolean;
}

const field = (key: string): string => `metadata.annotations[${key}]`;

function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function ids(raw: string, key: string, prefix: string, max: number, example: string): string[] {
  const items = list(raw);
  const fix = `use up to ${max} comma-separated IDs, e.g. ${example}`;
  if (items.length === 0) throw unsupported(field(key), JSON.stringify(raw), 'is empty', fix);
  if (items.length > max)
    throw unsupported(field(key), JSON.stringify(raw), `lists ${items.length} IDs, more than ${max}`, fix);
  const bad = items.find((s) => !new RegExp(`^${prefix}-[a-z0-9]+$`).test(s));
  if (bad !== undefined) throw unsupported(field(key), JSON.stringify(bad), `is not a ${prefix}- ID`, fix);
  return items;
}

function bool(raw: string, key: string): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw unsupported(field(key), JSON.stringify(raw), 'is not a boolean', 'use "true" or "false"');
}

function int(raw: string, key: string, min: number, max: number): number {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw unsupported(
      field(key),
      JSON.stringify(raw),
      `is not a whole number from ${min} to ${max}`,
      `use a value in ${min}–${max}`,
    );
  }
  return n;
}

function oneOf<T extends string>(raw: string, key: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw unsupported(
    field(key),
    JSON.stringify(raw),
    'is not a valid value',
    `use one of ${allowed.join(', ')}`,
  );
}

/** The pod-level annotations of ECI docs §7, validated, with the annotation winning over the controller's config. */
export function podOptions(pod: V1Pod, ctx: TranslationContext, warnings: string[]): PodOptions {
  const a = pod.metadata?.annotations ?? {};
  const A = ANNOTATION;
  const f: OptionFields = {};

  const vSwitches =
    a[A.vSwitch] !== undefined ? ids(a[A.vSwitch], A.vSwitch, 'vsw', 10, 'vsw-a,vsw-b') : ctx.vSwitchIds;
  if (vSwitches.length === 0) {
    throw unsupported(
      field(A.vSwitch),
      '""',
      'is unset and no vSwitch is configured',
      'set ECI_VSWITCH or vSwitchIds in the eci-profile ConfigMap (comma-separated, e.g. vsw-a,vsw-b), or this annotation',
    );
  }
  f.VSwitchId = vSwitches.join(',');
  const groups =
    a[A.securityGroup] !== undefined
      ? ids(a[A.securityGroup], A.securityGroup, 'sg', 5, 'sg-a,sg-b')
      : list(ctx.securityGroupId);
  if (groups.length === 0) {
    throw unsupported(
      field(A.securityGroup),
      '""',
      'is unset and no security group is configured',
      'set ECI_SECURITY_GROUP or securityGroupId in the eci-profile ConfigMap, or this annotation',
    );
  }
  f.SecurityGroupId = groups.join(',');
  if (a[A.scheduleStrategy] !== undefined) {
    f.ScheduleStrategy = oneOf(a[A.scheduleStrategy], A.scheduleStrategy, [
      'VSwitchOrdered',
      'VSwitchRandom',
    ] as const);
  }

  if (a[A.spotStrategy] !== undefined) {
    f.SpotStrategy = oneOf(a[A.spotStrategy], A.spotStrategy, [
      'SpotAsPriceGo',
      'SpotWithPriceLimit',
      'NoSpot',
    ] as const);
  }
  const spot = f.SpotStrategy === 'SpotAsPriceGo' || f.SpotStrategy === 'SpotWithPriceLimit';
  const price = a[A.spotPriceLimit];
  if (price !== undefined) {
    if (f.SpotStrategy !== 'SpotWithPriceLimit') {
      throw unsupported(
        field(A.spotPriceLimit),
        JSON.stringify(price),
        `only applies with ${A.spotStrategy}: SpotWithPriceLimit`,
        `set ${A.spotStrategy} to SpotWithPriceLimit, or remove the price limit`,
      );
    }
    if (!/^\d+(\.\d{1,3})?$/.test(price) || Number(price) <= 0) {
      throw unsupported(
        field(A.spotPriceLimit),
        JSON.stringify(price),
        'is not a positive price with at most 3 decimal places',
        'use e.g. 0.5 or 0.125 (per hour)',
      );
    }
    f.SpotPriceLimit = Number(price);
  } else if (f.SpotStrategy === 'SpotWithPriceLimit') {
    throw unsupported(
      field(A.spotPriceLimit),
      '""',
      `is required with ${A.spotStrategy}: SpotWithPriceLimit`,
      'set the hourly price limit, e.g. 0.5, or use SpotAsPriceGo',
    );
  }
  if (a[A.spotDuration] !== undefined) f.SpotDuration = int(a[A.spotDuration], A.spotDuration, 0, 1);
  if (a[A.spotFallback] !== undefined) {
    const fallback = bool(a[A.spotFallback], A.spotFallback);
    if (spot) f.StrictSpot = !fallback;
    else warnings.push(`${field(A.spotFallback)}: has no effect without ${A.spotStrategy}; ignored`);
  }
  if (!spot && f.SpotDuration !== undefined)
    warnings.push(`${field(A.spotDuration)}: has no effect without a spot strategy; ignored`);

  Object.assign(f, imageCacheFields(a, warnings));

  if (a[A.withEip] !== undefined) f.AutoCreateEip = bool(a[A.withEip], A.withEip);
  if (a[A.eipInstanceId] !== undefined) {
    if (f.AutoCreateEip) {
      throw unsupported(
        field(A.eipInstanceId),
        JSON.stringify(a[A.eipInstanceId]),
        `conflicts with ${A.withEip}: true`,
        'either bind an existing EIP or create one, not both',
      );
    }
    f.EipInstanceId = a[A.eipInstanceId];
  }
  if (a[A.eipBandwidth] !== undefined) {
    if (!f.AutoCreateEip) {
      throw unsupported(
        field(A.eipBandwidth),
        JSON.stringify(a[A.eipBandwidth]),
        `only applies with ${A.withEip}: true`,
        `set ${A.withEip}: "true", or remove the bandwidth`,
      );
    }
    f.EipBandwidth = int(a[A.eipBandwidth], A.eipBandwidth, 1, 10000);
  }
  if (a[A.ramRoleName] !== undefined) f.RamRoleName = a[A.ramRoleName];
  if (a[A.resourceGroupId] !== undefined) f.ResourceGroupId = a[A.resourceGroupId];

  const storage = a[A.extraEphemeralStorage];
  if (storage !== undefined) {
    const bytes = parseQuantity(storage);
    if (bytes === undefined || bytes <= 0) {
      throw unsupported(
        field(A.extraEphemeralStorage),
        JSON.stringify(storage),
        'is not a positive size',
        'use e.g. 50Gi',
      );
    }
    f.EphemeralStorage = Math.ceil(bytes / GiB);
  }
  if (a[A.maxPendingMinute] !== undefined)
    f.MaxPendingMinute = int(a[A.maxPendingMinute], A.maxPendingMinute, 10, 1440);
  if (a[A.ntpServer] !== undefined) {
    const servers = list(a[A.ntpServer]);
    const bad = servers.find((s) => !isIp(s));
    if (servers.length === 0 || bad !== undefined) {
      throw unsupported(
        field(A.ntpServer),
        JSON.stringify(bad ?? a[A.ntpServer]),
        'is not a list of IP addresses',
        'use comma-separated IPs, e.g. 100.100.5.1,100.100.5.2',
      );
    }
    f.NtpServer = servers;
  }

  const out: PodOptions = {
    fields: f,
    kubeProxy: a[A.kubeProxy] !== undefined ? bool(a[A.kubeProxy], A.kubeProxy) : ctx.kubeProxy,
  };
  if (a[A.failStrategy] !== undefined) {
    out.failStrategy = oneOf(a[A.failStrategy], A.failStrategy, [
      'fail-back',
      'fail-over',
      'fail-fast',
    ] as const);
  }
  return out;
}
