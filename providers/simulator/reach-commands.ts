/**
 * `nc -z HOST PORT`, `pg_isready -h HOST`, `wget URL` and `curl URL` in a simulated container's
 * script, judged by what the simulator can know about their host: whether the cluster's DNS has the
 * name (the wait loops of Helm charts, `until nc -z db 5432; do sleep 2; done`, wait for a Service to
 * exist) and, where it watches the cluster's Services, whether the Service has a ready endpoint for
 * the port (service-network.ts). Pure: the answers come through the container's lookups (lookups.ts).
 *
 * A name that does not resolve fails as the tool says it, and so does a port kube-proxy refuses. One
 * that connects: `nc -z` succeeds and `pg_isready` accepts; `wget` and `curl` stay uninterpreted (what
 * the server answers is not known). The group's own loopback (`localhost`, 127.0.0.1) is not looked
 * up: its port's connection is asked (lookups.ts answers it from the group's containers). Another
 * address is not judged: the command stays uninterpreted.
 */
import { curlFailure } from './curl-output.js';
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
  /** How long it waits first (a connection nothing answers, until the tool's timeout). */
  waitsMs?: number;
}

/** How a connection to a resolved host fails: kube-proxy refuses it, or nothing answers it. */
export type ConnectionFailure = 'refused' | 'unanswered';

/** Linux gives up an unanswered connect after its SYN retries (tcp_syn_retries 6: 1+2+...+64 s). */
export const KERNEL_CONNECT_TIMEOUT_S = 127;

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

const SCHEME_PORTS: Record<string, number> = { http: 80, https: 443 };

/** A URL's authority as BusyBox wget names it (`myservice:8080`), host, and port (its scheme's when unset). */
function urlParts(url: string): { authority: string; host: string; port?: number } {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase() ?? 'http';
  const authority = url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split(/[/?#]/)[0] ?? '';
  const [host = '', given] = authority.split(':');
  const port = given === undefined ? SCHEME_PORTS[scheme] : portNumber(given);
  return { authority, host, ...(port !== undefined && { port }) };
}

/** A TCP port written as a number; a service name (`http`) is not looked up in /etc/services. */
function portNumber(text: string | undefined): number | undefined {
  const port = Number(text);
  return text !== undefined && /^\d+$/.test(text) && port > 0 && port < 65536 ? port : undefined;
}

/** Not a name the cluster's DNS would be asked: an address, `localhost` (from /etc/hosts). */
export function isLookedUp(host: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(host) && !/^[\d.]+$/.test(host) && host !== 'localhost';
}

/** The loopback address: what `localhost` is in a container's /etc/hosts. */
export const LOOPBACK = '127.0.0.1';

/** The group's own loopback, shared by its containers: their ports, not the cluster's. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === LOOPBACK;
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

/** Where the command connects: an operand and port (`nc`), a URL (`wget`, `curl`), `-h` and `-p` (`pg_isready`). */
function targetOf(cmd: ReachCommand, args: readonly string[]): { host: string; port?: number } | undefined {
  if (cmd === 'pg_isready') {
    const host = optionValue(args, '-h', '--host');
    const port = portNumber(optionValue(args, '-p', '--port') ?? '5432');
    return host === undefined ? undefined : { host, ...(port !== undefined && { port }) };
  }
  const [first, second] = operands(cmd, args);
  if (first === undefined) return undefined;
  if (cmd !== 'nc') return urlParts(first);
  const port = portNumber(second);
  return { host: first, ...(port !== undefined && { port }) };
}

/** The name `nc HOST PORT`, `wget URL`, `curl URL` or `pg_isready -h HOST` looks up; undefined: none worth asking. */
export function reachedName(cmd: ReachCommand, args: readonly string[]): string | undefined {
  const host = reachedTarget(cmd, args)?.host;
  return host !== undefined && isLookedUp(host) ? host : undefined;
}

/**
 * The host and port the command connects to: a name to look up, or the loopback with a port (its
 * connection is asked); undefined: none worth asking.
 */
export function reachedTarget(
  cmd: ReachCommand,
  args: readonly string[],
): { host: string; port?: number } | undefined {
  const target = targetOf(cmd, args);
  if (target === undefined) return undefined;
  return isLookedUp(target.host) || (isLoopback(target.host) && target.port !== undefined)
    ? target
    : undefined;
}

/**
 * The key a connection is asked under beside the names (`db:5432`, `localhost:8080`): the lookups
 * answer it as found while the host's port takes connections. Undefined: the port is not known
 * (`nc -z db http`).
 */
export function reachedConnection(cmd: ReachCommand, args: readonly string[]): string | undefined {
  const target = reachedTarget(cmd, args);
  return target?.port === undefined ? undefined : connectionKey(target.host, target.port);
}

export const connectionKey = (host: string, port: number): string => `${host}:${port}`;

/** The host and port of a connection key; undefined: a plain name. */
export function parseConnectionKey(key: string): { host: string; port: number } | undefined {
  const match = /^(.+):(\d+)$/.exec(key);
  return match ? { host: match[1] ?? '', port: Number(match[2]) } : undefined;
}

/**
 * What a connection to `host:port` meets, through the container's lookups at `atMs`: the host's
 * answer and, when it resolves, how the connection fails, if it does; undefined: not judged (an
 * address, or nothing to ask). A port not known (`nc -z db http`): the host's answer is all there is.
 * The loopback is not looked up: only its connection is asked (refused while nothing listens).
 */
export function judgeConnection(
  target: { host: string; port?: number },
  lookup: ((name: string, atMs?: number) => LookupAnswer | undefined) | undefined,
  atMs: number,
): { host: LookupAnswer; failure?: ConnectionFailure } | undefined {
  if (isLoopback(target.host) && target.port !== undefined) {
    const connection = lookup?.(connectionKey(target.host, target.port), atMs);
    if (connection === undefined) return undefined;
    const host = { server: connection.server, found: { name: target.host, addresses: [LOOPBACK] } };
    return connection.found ? { host } : { host, failure: 'refused' };
  }
  if (!isLookedUp(target.host)) return undefined;
  const host = lookup?.(target.host, atMs);
  if (host?.found === undefined || target.port === undefined) return host && { host };
  const connection = lookup?.(connectionKey(target.host, target.port), atMs);
  if (connection === undefined) return undefined;
  if (connection.found) return { host };
  return { host, failure: connection.unanswered ? 'unanswered' : 'refused' };
}

/** How often a letter is given among the short options (`-vv`, `-v -v`: twice). */
const timesFlagged = (args: readonly string[], letter: string) =>
  args.filter((a) => /^-[a-zA-Z]+$/.test(a)).reduce((n, a) => n + a.split(letter).length - 1, 0);
const flagged = (args: readonly string[], letter: string) => timesFlagged(args, letter) > 0;

/** Seconds an option gives (`-w 2`, `-t 5`); undefined: unset or not a whole number. */
function seconds(args: readonly string[], short: string, long: string): number | undefined {
  const value = optionValue(args, short, long);
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : undefined;
}

/** How long the tool waits for a connection nothing answers: its own timeout, else the kernel's. */
function connectWaitS(cmd: 'nc' | 'pg_isready', args: readonly string[]): number {
  // pg_isready's -t defaults to 3 s, 0 waits for ever (the kernel's); nc waits for the kernel unless -w.
  const own = cmd === 'nc' ? seconds(args, '-w', '--wait') : (seconds(args, '-t', '--timeout') ?? 3);
  return own === undefined || own === 0 ? KERNEL_CONNECT_TIMEOUT_S : Math.min(own, KERNEL_CONNECT_TIMEOUT_S);
}

/**
 * What the command does, given what the DNS answered for its host and how its connection failed,
 * if it did: refused (kube-proxy's answer for a Service port without a ready endpoint) or
 * unanswered (waited out: nc and pg_isready say so; wget and curl are not judged).
 */
export function reachOutcome(
  cmd: ReachCommand,
  args: readonly string[],
  host: string,
  answer: LookupAnswer,
  failure?: ConnectionFailure,
): ReachOutcome | undefined {
  const failed = failure !== undefined;
  const waitsMs =
    failure === 'unanswered' && (cmd === 'nc' || cmd === 'pg_isready') ? connectWaitS(cmd, args) * 1000 : 0;
  if (failure === 'unanswered' && waitsMs === 0) return undefined;
  const found = answer.found;
  const address = found?.addresses[0] ?? '';
  const port = targetOf(cmd, args)?.port;
  const said = (text: string, silent = false) => ({ lines: silent ? [] : [{ text, stderr: true }] });
  if (cmd === 'pg_isready') {
    // libpq's ping: no address, or a refused connection, is no response (2); a connection, a server up.
    const [state, status] = found && !failed ? ['accepting connections', 0] : ['no response', 2];
    const quiet = args.includes('-q') || args.includes('--quiet');
    const text = `${host}:${optionValue(args, '-p', '--port') ?? '5432'} - ${state}`;
    return { lines: quiet ? [] : [{ text, stderr: false }], status, ...(waitsMs > 0 && { waitsMs }) };
  }
  // curl -s hides the meter and the error, -S shows the error again.
  const silent = flagged(args, 's') || args.includes('--silent');
  const shown = {
    meter: !silent && !args.includes('--no-progress-meter'),
    error: !silent || flagged(args, 'S') || args.includes('--show-error'),
  };
  const curl = (code: 6 | 7, error: string) => ({
    lines: curlFailure(shown, code, error).map((text) => ({ text, stderr: true })),
    status: code,
  });
  // BusyBox's wget names the URL's host:port as written.
  const named = cmd === 'wget' ? urlParts(operands(cmd, args)[0] ?? '').authority : host;
  if (found === undefined) {
    if (cmd === 'curl') return curl(6, `Could not resolve host: ${host}`);
    return { ...said(`${cmd}: bad address '${named}'`), status: 1 };
  }
  if (failed) {
    if (cmd === 'curl')
      return curl(
        7,
        `Failed to connect to ${host} port ${port ?? ''} after 0 ms: Couldn't connect to server`,
      );
    if (cmd === 'wget') {
      const connecting = { text: `Connecting to ${named} (${address}:${port ?? ''})`, stderr: true };
      const lines = flagged(args, 'q') || args.includes('--quiet') ? [] : [connecting];
      const text = `wget: can't connect to remote host (${address}): Connection refused`;
      return { lines: [...lines, { text, stderr: true }], status: 1 };
    }
    // BusyBox's nc reports a refusal only at -vv, a timeout at -v.
    const verbose = timesFlagged(args, 'v');
    if (failure === 'unanswered') {
      const text = `nc: ${host} (${address}:${port ?? ''}): Connection timed out`;
      return { ...said(text, verbose < 1), status: 1, waitsMs };
    }
    const text = `nc: ${host} (${address}:${port ?? ''}): Connection refused`;
    return { ...said(text, verbose < 2), status: 1 };
  }
  if (cmd !== 'nc' || !flagged(args, 'z')) return undefined;
  return {
    ...said(`${host} (${address}:${operands(cmd, args)[1] ?? ''}) open`, !flagged(args, 'v')),
    status: 0,
  };
}
