import type { V1Pod } from '@kubernetes/client-node';
import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { diskZonesOf, vSwitchesInDiskZone } from './disk.js';
import { ANNOTATION } from './annotations.js';
import { isIp } from './ip.js';
import { annotationField, bool, ids, int, list, oneOf } from './annotation-values.js';
import { Problems, unsupported } from './errors.js';
import { networkOptions, type NetworkFields } from './network-options.js';
import { dataCacheFields, type DataCacheFields } from './data-cache.js';
import { imageCacheFields } from './image-cache.js';
import { GiB, parseQuantity } from './quantity.js';
import { registryOptions, type RegistryFields } from './registry-options.js';
import { runtimeOptions, type RuntimeFields } from './runtime-options.js';
import type { FailStrategy, TranslationContext } from './types.js';

export type OptionFields = NetworkFields &
  DataCacheFields &
  RegistryFields &
  RuntimeFields &
  Partial<
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

const field = annotationField;

/** The spot annotations: a strategy, its price limit (required with SpotWithPriceLimit), duration and fallback. */
function spotFields(a: Record<string, string>, warnings: string[]): OptionFields {
  const A = ANNOTATION;
  const f: OptionFields = {};
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
  return f;
}

/** The pod-level annotations of ECI's "Pod annotations" page, validated, with the annotation winning over the controller's config. */
export function podOptions(pod: V1Pod, ctx: TranslationContext, warnings: string[]): PodOptions {
  const a = pod.metadata?.annotations ?? {};
  const A = ANNOTATION;
  const f: OptionFields = {};

  // Each annotation is checked on its own, so every bad one is reported at once.
  const problems = new Problems();
  problems.check(() => {
    const vSwitches = vSwitchesInDiskZone(
      a[A.vSwitch] !== undefined ? ids(a[A.vSwitch], A.vSwitch, 'vsw', 10, 'vsw-a,vsw-b') : ctx.vSwitchIds,
      diskZonesOf(pod, ctx.refs),
      ctx.vSwitchZones,
      a[A.vSwitch] !== undefined ? field(A.vSwitch) : "the node's vSwitches",
    );
    if (vSwitches.length === 0) {
      throw unsupported(
        field(A.vSwitch),
        '""',
        'is unset and no vSwitch is configured',
        'set ECI_VSWITCH or vSwitchIds in the eci-profile ConfigMap (comma-separated, e.g. vsw-a,vsw-b), or this annotation',
      );
    }
    f.VSwitchId = vSwitches.join(',');
  });
  problems.check(() => {
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
  });
  problems.check(() => {
    if (a[A.scheduleStrategy] !== undefined) {
      f.ScheduleStrategy = oneOf(a[A.scheduleStrategy], A.scheduleStrategy, [
        'VSwitchOrdered',
        'VSwitchRandom',
      ] as const);
    } else if (a[A.vSwitch] === undefined && ctx.vSwitchOrder !== undefined) {
      f.ScheduleStrategy = ctx.vSwitchOrder;
    }
  });
  problems.check(() => Object.assign(f, spotFields(a, warnings)));
  problems.check(() => Object.assign(f, imageCacheFields(a, warnings)));
  problems.check(() => Object.assign(f, dataCacheFields(a, warnings)));
  if (a[A.ramRoleName] !== undefined) f.RamRoleName = a[A.ramRoleName];
  problems.check(() => {
    if (a[A.resourceGroupId] === undefined) return;
    f.ResourceGroupId = a[A.resourceGroupId].trim();
    if (!/^rg-[a-z0-9]+$/.test(f.ResourceGroupId)) {
      throw unsupported(
        field(A.resourceGroupId),
        JSON.stringify(a[A.resourceGroupId]),
        'is not a resource group ID',
        'use the rg- ID of the resource group, e.g. rg-acfmzvwytch',
      );
    }
  });
  problems.check(() => {
    const storage = a[A.extraEphemeralStorage];
    if (storage === undefined) return;
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
  });
  problems.check(() => {
    if (a[A.maxPendingMinute] !== undefined)
      f.MaxPendingMinute = int(a[A.maxPendingMinute], A.maxPendingMinute, 10, 1440);
  });
  problems.check(() => {
    if (a[A.ntpServer] === undefined) return;
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
  });
  problems.check(() => Object.assign(f, networkOptions(a)));
  problems.check(() => Object.assign(f, registryOptions(a)));
  problems.check(() => Object.assign(f, runtimeOptions(a)));
  const kubeProxy = problems.check(() =>
    a[A.kubeProxy] !== undefined ? bool(a[A.kubeProxy], A.kubeProxy) : ctx.kubeProxy,
  );
  const failStrategy = problems.check(() =>
    a[A.failStrategy] !== undefined
      ? oneOf(a[A.failStrategy], A.failStrategy, ['fail-back', 'fail-over', 'fail-fast'] as const)
      : undefined,
  );
  const [proxy] = problems.results(kubeProxy);
  const out: PodOptions = { fields: f, kubeProxy: proxy };
  if (failStrategy) out.failStrategy = failStrategy;
  return out;
}
