import type { SimGroup } from './model.js';

/**
 * The files every container of a group finds in /etc, written from the group's request as ECI
 * writes them: `/etc/resolv.conf` from DnsPolicy and DnsConfig, `/etc/hosts` with the group's
 * address and its HostAliase entries, `/etc/hostname`. `kubectl exec <pod> -- cat /etc/resolv.conf`
 * is the first step of every DNS question, and what it shows is what the controller sent.
 */

/** Alibaba Cloud's VPC DNS servers: what a group resolves with under DnsPolicy Default. */
export const VPC_NAMESERVERS = ['100.100.2.136', '100.100.2.138'];

/**
 * resolv.conf as containerd writes it from a sandbox's DNS settings (search, nameserver, options).
 * DnsPolicy None uses DnsConfig alone; Default starts from the VPC's servers and adds DnsConfig's.
 */
export function resolvConf(g: SimGroup): string {
  const config = g.request.DnsConfig;
  const base = g.request.DnsPolicy === 'None' ? [] : VPC_NAMESERVERS;
  const nameservers = [...base, ...(config?.NameServer ?? []).filter((n) => !base.includes(n))];
  const searches = config?.Search ?? [];
  const options = (config?.Option ?? []).map((o) => (o.Value ? `${o.Name}:${o.Value}` : o.Name));
  const lines = [
    ...(searches.length > 0 ? [`search ${searches.join(' ')}`] : []),
    ...nameservers.map((n) => `nameserver ${n}`),
    ...(options.length > 0 ? [`options ${options.join(' ')}`] : []),
  ];
  return lines.map((l) => `${l}\n`).join('');
}

/** The container's hostname: HostName, else the group's name. */
export function groupHostname(g: SimGroup): string {
  return g.request.HostName || g.name;
}

/** /etc/hosts in the kubelet's layout: loopback, the group's own address, then the HostAliase entries. */
export function hostsFile(g: SimGroup): string {
  const lines = [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
    `${g.ip}\t${groupHostname(g)}`,
  ];
  const aliases = (g.request.HostAliase ?? []).filter((a) => (a.Hostname ?? []).length > 0);
  if (aliases.length > 0) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of aliases) lines.push([a.Ip, ...(a.Hostname ?? [])].join('\t'));
  }
  return lines.map((l) => `${l}\n`).join('');
}

/** The three files, by path. */
export function etcFiles(g: SimGroup): Map<string, Buffer> {
  return new Map([
    ['/etc/hosts', Buffer.from(hostsFile(g))],
    ['/etc/resolv.conf', Buffer.from(resolvConf(g))],
    ['/etc/hostname', Buffer.from(`${groupHostname(g)}\n`)],
  ]);
}
