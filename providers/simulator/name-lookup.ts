/**
 * Name lookups in a simulated container's script (`until nslookup myservice; do sleep 2; done`, the
 * init container of the Kubernetes documentation): what the commands print, and which names
 * resolv.conf's rules try. Pure: the answers come from the resolver (dns-resolver.ts) through the
 * container's lookups (lookups.ts).
 */
import {
  connectionKey,
  isLookedUp,
  isLoopback,
  isReachCommand,
  reachedConnection,
  reachedName,
} from './reach-commands.js';

/** A name that resolved: the name that answered (after the search list) and its addresses. */
export interface Resolved {
  name: string;
  addresses: string[];
}

/** What the cluster's DNS answered: found, no such name (undefined), or refused to say. */
export type Resolution = Resolved | 'refused' | undefined;

/**
 * What a name or a connection key (`db:5432`) is answered: a name, its Resolution; a connection
 * key, found when it connects, undefined when refused, `unanswered` when nothing answers it (the
 * client waits for its timeout), `refused` when not judged.
 */
export type Answer = Resolution | 'unanswered';

/** What the script's lookup gets: the nameserver it asks (resolv.conf's first) and the answer, if any. */
export interface LookupAnswer {
  server: string;
  found?: Resolved;
  /** A connection key not found: no answer at all (a timeout) rather than a refusal. */
  unanswered?: true;
}

const isLookingUp = (command: string) =>
  command === 'nslookup' || command === 'getent' || isReachCommand(command);

/**
 * The literal names a command line looks up (`nslookup kubernetes.default`, `getent hosts db`,
 * `nc -z db 5432`, `wget http://web/`, `pg_isready -h db`) and the connections reach commands make
 * (`db:5432`), bash's `/dev/tcp/db/5432` too: an exec runs at once, so they are asked before it runs. A computed name (`$(...)`) is
 * not among them.
 */
export function namesLookedUp(commandLine: string): string[] {
  const command = (word: string) => word.slice(word.lastIndexOf('/') + 1);
  const names = commandLine.split(/[;&|()\n'"]+/).map((segment) => {
    // The command may follow others' words: `sh -c nslookup db`, `timeout 5 nc -z db 5432`.
    const words = segment.trim().split(/\s+/);
    const at = words.findIndex((w) => isLookingUp(command(w)));
    const cmd = at < 0 ? '' : command(words[at] ?? '');
    const args = words.slice(at + 1);
    if (cmd === 'nslookup') return [args.find((a) => !a.startsWith('-'))];
    if (cmd === 'getent') return [args[0] === 'hosts' ? args[1] : undefined];
    // A reach command's host, and the connection to its port (`db`, `db:5432`).
    return isReachCommand(cmd) ? [reachedName(cmd, args), reachedConnection(cmd, args)] : [];
  });
  // bash's `< /dev/tcp/HOST/PORT`: the host and the connection (the loopback's: the connection).
  const sockets = [...commandLine.matchAll(/\/dev\/tcp\/([^/\s'"]+)\/(\d+)/g)].flatMap(
    ([, host = '', port]) => {
      const connection = connectionKey(host, Number(port));
      return isLookedUp(host) ? [host, connection] : isLoopback(host) ? [connection] : [];
    },
  );
  return [...new Set([...names.flat(), ...sockets])].filter(
    (n): n is string => n !== undefined && /^[A-Za-z0-9._-]+(:\d+)?$/.test(n),
  );
}

/** The `options ndots:N` of a DNS config; resolv.conf's default is 1. */
export function ndotsOf(options: { Name: string; Value?: string }[] | undefined): number {
  const value = Number(options?.find((o) => o.Name === 'ndots')?.Value);
  return Number.isInteger(value) && value >= 0 ? Math.min(value, 15) : 1;
}

/**
 * The names tried for `name`, in order, as glibc and musl do: an absolute name (trailing dot) as it
 * is; one with at least `ndots` dots as it is first, then under each search domain; one with fewer
 * under each search domain first, then as it is.
 */
export function candidateNames(name: string, searches: string[], ndots: number): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const searched = searches.map((s) => `${name}.${s.replace(/\.$/, '')}`);
  const dots = name.split('.').length - 1;
  return dots >= ndots ? [name, ...searched] : [...searched, name];
}

/** `nslookup NAME`, as BusyBox prints it; status 1 when the name does not resolve. */
export function nslookupOutput(name: string, answer: LookupAnswer): { lines: string[]; status: number } {
  const head = [`Server:\t\t${answer.server}`, `Address:\t${answer.server}:53`, ''];
  if (answer.found === undefined)
    return { lines: [...head, `** server can't find ${name}: NXDOMAIN`, ''], status: 1 };
  const { name: fqdn, addresses } = answer.found;
  return { lines: [...head, `Name:\t${fqdn}`, ...addresses.map((a) => `Address: ${a}`), ''], status: 0 };
}

/** `getent hosts NAME`: the first address and the name that answered; status 2 when not found. */
export function getentHostsOutput(answer: LookupAnswer): { lines: string[]; status: number } {
  if (answer.found === undefined) return { lines: [], status: 2 };
  const [first = ''] = answer.found.addresses;
  return { lines: [`${first.padEnd(15)} ${answer.found.name}`], status: 0 };
}
