import type { V1Pod } from '@kubernetes/client-node';
import type { CreateContainerGroupRequest, DnsConfig } from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';
import { parseCustomDns } from './custom-dns.js';
import { unsupported } from './errors.js';
import { isIp } from './ip.js';
import { MISSING_CLUSTER_DNS_WARNING } from './reasons.js';
import type { TranslationContext } from './types.js';

const MAX_NAMESERVERS = 3;
const MAX_SEARCHES = 32;
type DnsFields = Pick<CreateContainerGroupRequest, 'DnsPolicy' | 'DnsConfig' | 'HostAliase' | 'HostName'>;
export interface DnsParts {
  nameservers: string[];
  searches: string[];
  options: { name: string; value?: string }[];
}

function merge(into: DnsParts, add: Partial<DnsParts>): void {
  into.nameservers.push(...(add.nameservers ?? []).filter((n) => !into.nameservers.includes(n)));
  into.searches.push(...(add.searches ?? []).filter((s) => !into.searches.includes(s)));
  for (const o of add.options ?? []) {
    into.options = into.options.filter((x) => x.name !== o.name);
    into.options.push(o);
  }
}

const HOSTS_FIELD = `metadata.annotations[${ANNOTATION.customHosts}]`;
const HOSTS_FIX = 'use JSON like [{"host":"example.com","ip":"100.100.1.1"}]';

function parseCustomHosts(raw: string): { Ip: string; Hostname: string[] }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw unsupported(HOSTS_FIELD, JSON.stringify(raw), 'is not valid JSON', HOSTS_FIX);
  }
  if (!Array.isArray(parsed))
    throw unsupported(HOSTS_FIELD, JSON.stringify(raw), 'is not a JSON list', HOSTS_FIX);
  return parsed.map((x: unknown) => {
    const e = x as Record<string, unknown> | null;
    if (!e || typeof e.host !== 'string' || typeof e.ip !== 'string' || e.host === '') {
      throw unsupported(HOSTS_FIELD, JSON.stringify(x), 'is not {"host": "...", "ip": "..."}', HOSTS_FIX);
    }
    if (!isIp(e.ip)) throw unsupported(HOSTS_FIELD, JSON.stringify(e.ip), 'is not an IP address', HOSTS_FIX);
    return { Ip: e.ip, Hostname: [e.host] };
  });
}

/** The kubelet's pod hostname: spec.hostname, else the pod name cut to a 63-character DNS label. */
function hostname(pod: V1Pod): string | undefined {
  const name = pod.spec?.hostname || pod.metadata?.name;
  return name ? name.slice(0, 63).replace(/[-.]+$/, '') : undefined;
}

/** dnsPolicy/dnsConfig/hostAliases/hostname, plus the custom DNS and hosts annotations, as the kubelet resolves them. */
export function dnsSettings(pod: V1Pod, ctx: TranslationContext, warnings: string[]): DnsFields {
  const ns = pod.metadata?.namespace ?? 'default';
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  const parts: DnsParts = { nameservers: [], searches: [], options: [] };
  let dnsPolicy: string;
  if (policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet') {
    if (ctx.clusterDns && ctx.clusterDns.nameservers.length > 0) {
      const d = ctx.clusterDns.clusterDomain;
      dnsPolicy = 'None';
      merge(parts, {
        nameservers: ctx.clusterDns.nameservers,
        searches: [`${ns}.svc.${d}`, `svc.${d}`, d],
        options: [{ name: 'ndots', value: '5' }],
      });
    } else {
      dnsPolicy = 'Default';
      warnings.push(MISSING_CLUSTER_DNS_WARNING);
    }
  } else if (policy === 'Default' || policy === 'None') {
    dnsPolicy = policy;
  } else {
    throw unsupported(
      'spec.dnsPolicy',
      JSON.stringify(policy),
      'is not a DNS policy',
      'use ClusterFirst, Default or None',
    );
  }
  const dc = pod.spec?.dnsConfig;
  if (dc) {
    merge(parts, {
      nameservers: dc.nameservers,
      searches: dc.searches,
      options: (dc.options ?? []).filter((o) => o.name).map((o) => ({ name: o.name ?? '', value: o.value })),
    });
  }
  const custom = pod.metadata?.annotations?.[ANNOTATION.customDnsConfig];
  if (custom !== undefined) merge(parts, parseCustomDns(custom, warnings));
  if (parts.nameservers.length > MAX_NAMESERVERS) {
    warnings.push(
      `DNS: ${parts.nameservers.length} nameservers, more than ${MAX_NAMESERVERS}; kept ${parts.nameservers.slice(0, MAX_NAMESERVERS).join(', ')}`,
    );
    parts.nameservers = parts.nameservers.slice(0, MAX_NAMESERVERS);
  }
  if (parts.searches.length > MAX_SEARCHES) {
    warnings.push(
      `DNS: ${parts.searches.length} search domains, more than ${MAX_SEARCHES}; kept the first ${MAX_SEARCHES}`,
    );
    parts.searches = parts.searches.slice(0, MAX_SEARCHES);
  }
  if (dnsPolicy === 'None' && parts.nameservers.length === 0) {
    throw unsupported(
      'spec.dnsConfig.nameservers',
      '[]',
      'is empty while dnsPolicy is None',
      'add at least one nameserver, or use dnsPolicy ClusterFirst',
    );
  }
  const hasConfig = parts.nameservers.length + parts.searches.length + parts.options.length > 0;
  const config: DnsConfig | undefined = hasConfig
    ? {
        NameServer: parts.nameservers.length ? parts.nameservers : undefined,
        Search: parts.searches.length ? parts.searches : undefined,
        Option: parts.options.length
          ? parts.options.map((o) => ({ Name: o.name, Value: o.value }))
          : undefined,
      }
    : undefined;

  const aliases = (pod.spec?.hostAliases ?? []).map((a) => ({ Ip: a.ip, Hostname: a.hostnames ?? [] }));
  const hosts = pod.metadata?.annotations?.[ANNOTATION.customHosts];
  if (hosts !== undefined) aliases.push(...parseCustomHosts(hosts));

  return {
    DnsPolicy: dnsPolicy,
    DnsConfig: config,
    HostAliase: aliases.length ? aliases : undefined,
    HostName: hostname(pod),
  };
}
