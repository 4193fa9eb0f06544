/**
 * `nc -z HOST PORT`, `pg_isready -h HOST`, `wget URL` and `curl URL` in a simulated container's
 * script, judged by the one thing the simulator can know about their host: whether the cluster's DNS
 * has the name (the wait loops of Helm charts, `until nc -z db 5432; do sleep 2; done`, wait for a
 * Service to exist). Pure: the answer comes through the container's lookups (lookups.ts).
 *
 * A name that does not resolve fails as the tool says it. A name that does: `nc -z` connects and
 * `pg_isready` accepts (the simulator cannot see the Service's endpoints, so it takes the port as
 * open); `wget` and `curl` stay uninterpreted (what the server answers is not known). An IP address
 * or `localhost` is not looked up: the command stays uninterpreted, as before DNS was asked.
 */
import type { LookupAnswer } from './name-lookup.js';

const REACH_COMMANDS = ['nc', 'wget', 'curl', 'pg_isready'] as const;
export type ReachCommand = (typeof REACH_COMMANDS)[number];

export function isReachCommand(command: string): command is ReachCommand {
  return (REACH_COMMANDS as readonly string[]).includes(command);
}

/** What the command prints and its status; undefined: the simulator cannot tell (not interpreted). */
export interface ReachOutcome {
  lines: { text: string; stderr: boolean }[];
  status: number;
}

/** Options that take a value, which is then not the host (pg_isready's host is `-h`'s value). */
const VALUED: Record<Exclude<ReachCommand, 'pg_isready'>, ReadonlySet<string>> = {
  nc: new Set(['-w', '-i', '-p', '-s', '-q', '-e']),
  wget: new Set(['-O', '-o', '-T', '-t', '-U', '-P', '--header', '--user-agent', '--timeout', '--tries']),
  curl: new Set([
    '-o',
    '-m',
    '-H',
    '-X',
    '-d',
    '-u',
    '-A',
    '-w',
    '--max-time',
    '--connect-timeout',
    '--retry',
    '--header',
    '--data',
    '--request',
    '--output',
    '--write-out',
  ]),
};

function operands(cmd: keyof typeof VALUED, args: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (VALUED[cmd].has(a)) i++;
    else if (!a.startsWith('-')) found.push(a);
  }
  return found;
}

/** The host of a URL (`http://myservice:8080/healthz`, `myservice/ready`). */
function urlHost(url: string): string {
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/:?#]/)[0] ?? '';
}

/** Not a name the cluster's DNS would be asked: an address, `localhost` (from /etc/hosts). */
function isLookedUp(host: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(host) && !/^[\d.]+$/.test(host) && host !== 'localhost';
}

/** An option's value: `-h db`, `-hdb`, `--host db`, `--host=db`. */
function optionValue(args: readonly string[], short: string, long: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? '';
    if (a === short || a === long) return args[i + 1];
    if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
    if (a.startsWith(short) && !a.startsWith('--')) return a.slice(short.length);
  }
  return undefined;
}

/** The host the command reaches: an operand (`nc`), a URL's (`wget`, `curl`), `-h` (`pg_isready`). */
function hostOf(cmd: ReachCommand, args: readonly string[]): string | undefined {
  if (cmd === 'pg_isready') return optionValue(args, '-h', '--host');
  const [first] = operands(cmd, args);
  return first === undefined || cmd === 'nc' ? first : urlHost(first);
}

/** The name `nc HOST PORT`, `wget URL`, `curl URL` or `pg_isready -h HOST` looks up; undefined: none worth asking. */
export function reachedName(cmd: ReachCommand, args: readonly string[]): string | undefined {
  const host = hostOf(cmd, args);
  return host !== undefined && isLookedUp(host) ? host : undefined;
}

const flagged = (args: readonly string[], letter: string) =>
  args.some((a) => /^-[a-zA-Z]+$/.test(a) && a.includes(letter));

/** What the command does, given what the DNS answered for its host. */
export function reachOutcome(
  cmd: ReachCommand,
  args: readonly string[],
  host: string,
  answer: LookupAnswer,
): ReachOutcome | undefined {
  const found = answer.found;
  if (cmd === 'pg_isready') {
    // libpq's ping: a host that does not resolve is no response (2); the Service's database is taken as up.
    const port = optionValue(args, '-p', '--port') ?? '5432';
    const [state, status] = found ? ['accepting connections', 0] : ['no response', 2];
    const quiet = args.includes('-q') || args.includes('--quiet');
    return { lines: quiet ? [] : [{ text: `${host}:${port} - ${state}`, stderr: false }], status };
  }
  if (found === undefined) {
    if (cmd === 'curl') {
      const silent = flagged(args, 's') && !flagged(args, 'S');
      const text = `curl: (6) Could not resolve host: ${host}`;
      return { lines: silent ? [] : [{ text, stderr: true }], status: 6 };
    }
    // BusyBox's nc and wget (the images these loops are written for) say the same.
    return { lines: [{ text: `${cmd}: bad address '${host}'`, stderr: true }], status: 1 };
  }
  if (cmd !== 'nc' || !flagged(args, 'z')) return undefined;
  const port = operands(cmd, args)[1] ?? '';
  const said = flagged(args, 'v')
    ? [{ text: `${host} (${found.addresses[0] ?? ''}:${port}) open`, stderr: true }]
    : [];
  return { lines: said, status: 0 };
}
