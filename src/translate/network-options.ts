import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';
import { annotationField, bool, formatted, int, oneOf, requires } from './annotation-values.js';
import { IPV4 } from './ip.js';
import { unsupported } from './errors.js';

export type NetworkFields = Partial<
  Pick<
    CreateContainerGroupRequest,
    | 'AutoCreateEip'
    | 'EipInstanceId'
    | 'EipBandwidth'
    | 'EipISP'
    | 'EipCommonBandwidthPackage'
    | 'Ipv6AddressCount'
    | 'Ipv6GatewayBandwidthEnable'
    | 'Ipv6GatewayBandwidth'
    | 'PrivateIpAddress'
    | 'FixedIp'
    | 'FixedIpRetainHour'
    | 'IngressBandwidth'
    | 'EgressBandwidth'
  >
>;

const A = ANNOTATION;
const WITH_EIP = `${A.withEip}: true`;

/**
 * ECI reads the bandwidth annotations as bytes per second in storage-style units ("40M" is 40 MBps,
 * 320 Mbit/s); the API takes plain bytes per second. The page's 40M = 320 Mbit/s holds with decimal
 * multiples, which is what network rates use.
 */
const BANDWIDTH_UNITS: Record<string, number> = {
  '': 1,
  B: 1,
  K: 1e3,
  KB: 1e3,
  M: 1e6,
  MB: 1e6,
  G: 1e9,
  GB: 1e9,
  T: 1e12,
  TB: 1e12,
};

export function bytesPerSecond(raw: string, key: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(raw.trim());
  const multiple = m ? BANDWIDTH_UNITS[m[2].toUpperCase()] : undefined;
  const value = m && multiple !== undefined ? Math.round(Number(m[1]) * multiple) : 0;
  if (value <= 0) {
    throw unsupported(
      annotationField(key),
      JSON.stringify(raw),
      'is not a bandwidth',
      'use a number of bytes per second with an optional unit B, K, KB, M, MB, G, GB, T or TB, e.g. 40M (40 MBps = 320 Mbit/s)',
    );
  }
  return value;
}

function eipFields(a: Record<string, string>): NetworkFields {
  const f: NetworkFields = {};
  if (a[A.withEip] !== undefined) f.AutoCreateEip = bool(a[A.withEip], A.withEip);
  if (a[A.eipInstanceId] !== undefined) {
    if (f.AutoCreateEip) {
      throw unsupported(
        annotationField(A.eipInstanceId),
        JSON.stringify(a[A.eipInstanceId]),
        `conflicts with ${A.withEip}: true`,
        'either bind an existing EIP or create one, not both',
      );
    }
    f.EipInstanceId = a[A.eipInstanceId];
  }
  // The rest describe the EIP ECI creates: meaningless when the pod binds its own or has none.
  const created = f.AutoCreateEip === true;
  const raw = (key: string): string | undefined => {
    const value = a[key];
    if (value !== undefined)
      requires(key, value, created, WITH_EIP, `set ${A.withEip}: "true", or remove ${key}`);
    return value;
  };
  const bandwidth = raw(A.eipBandwidth);
  if (bandwidth !== undefined) f.EipBandwidth = int(bandwidth, A.eipBandwidth, 1, 10000);
  const isp = raw(A.eipIsp);
  if (isp !== undefined) f.EipISP = oneOf(isp, A.eipIsp, ['BGP', 'BGP_PRO'] as const);
  const pkg = raw(A.eipCommonBandwidthPackage);
  if (pkg !== undefined) {
    if (!/^cbwp-[a-z0-9]+$/.test(pkg)) {
      throw unsupported(
        annotationField(A.eipCommonBandwidthPackage),
        JSON.stringify(pkg),
        'is not an Internet Shared Bandwidth ID',
        'use the cbwp- ID of the bandwidth plan, e.g. cbwp-2zeukbj916scmj51m',
      );
    }
    f.EipCommonBandwidthPackage = pkg;
  }
  return f;
}

function ipv6Fields(a: Record<string, string>): NetworkFields {
  const f: NetworkFields = {};
  const enabled = a[A.enableIpv6] !== undefined && bool(a[A.enableIpv6], A.enableIpv6);
  if (enabled) f.Ipv6AddressCount = 1;
  const gateway = a[A.ipv6BandwidthEnable];
  if (gateway !== undefined) {
    requires(
      A.ipv6BandwidthEnable,
      gateway,
      enabled,
      `${A.enableIpv6}: "true"`,
      `set ${A.enableIpv6}: "true" too`,
    );
    f.Ipv6GatewayBandwidthEnable = bool(gateway, A.ipv6BandwidthEnable);
  }
  const bandwidth = a[A.ipv6Bandwidth];
  if (bandwidth !== undefined) {
    const needs = `${A.ipv6BandwidthEnable}: "true"`;
    requires(A.ipv6Bandwidth, bandwidth, f.Ipv6GatewayBandwidthEnable === true, needs, `set ${needs} too`);
    f.Ipv6GatewayBandwidth = formatted(
      bandwidth,
      A.ipv6Bandwidth,
      (v) => /^[1-9]\d*[KMG]?$/.test(v),
      'a bandwidth',
      'use a whole number with an optional unit K, M or G, e.g. 100M',
    );
  }
  return f;
}

function addressFields(a: Record<string, string>): NetworkFields {
  const f: NetworkFields = {};
  const ip = a[A.privateIpAddress];
  if (ip !== undefined) {
    f.PrivateIpAddress = formatted(
      ip,
      A.privateIpAddress,
      (v) => IPV4.test(v),
      'an IPv4 address',
      "use a free IPv4 address of the pod's vSwitch, e.g. 172.16.0.1 (ECI takes IPv4 only here)",
    );
  }
  const fixed = a[A.fixedIp] !== undefined && bool(a[A.fixedIp], A.fixedIp);
  // The SDK model types FixedIp as a string: 'true' is what ECI's own virtual node sends.
  if (fixed) f.FixedIp = 'true';
  const hours = a[A.fixedIpRetainHour];
  if (hours !== undefined) {
    requires(A.fixedIpRetainHour, hours, fixed, `${A.fixedIp}: "true"`, `set ${A.fixedIp}: "true" too`);
    f.FixedIpRetainHour = int(hours, A.fixedIpRetainHour, 1, 8760);
  }
  if (a[A.ingressBandwidth] !== undefined)
    f.IngressBandwidth = bytesPerSecond(a[A.ingressBandwidth], A.ingressBandwidth);
  if (a[A.egressBandwidth] !== undefined)
    f.EgressBandwidth = bytesPerSecond(a[A.egressBandwidth], A.egressBandwidth);
  return f;
}

/** The network annotations (EIP, IPv6, private and fixed IP, pod bandwidth), validated. */
export function networkOptions(a: Record<string, string>): NetworkFields {
  return { ...eipFields(a), ...ipv6Fields(a), ...addressFields(a) };
}
