/**
 * A redirection to `/dev/tcp/HOST/PORT` (`until </dev/tcp/db/5432; do sleep 1; done`,
 * `echo ping > /dev/tcp/db/5432`): bash opens a connection; BusyBox's sh looks for a file that is not
 * there. Pure: the host's answer and the connection's come through the container's lookups, and the
 * messages are the shells' own (bash 5.2 and BusyBox 1.35, run with these commands to read them).
 */
import type { LookupAnswer } from './name-lookup.js';
import { KERNEL_CONNECT_TIMEOUT_S, type ConnectionFailure, type ReachOutcome } from './reach-commands.js';

/** The host and TCP port of `/dev/tcp/HOST/PORT`; undefined: another path (UDP, a service name). */
export function tcpPath(path: string): { host: string; port: number } | undefined {
  const match = /^\/dev\/tcp\/([^/]+)\/(\d+)$/.exec(path);
  const port = Number(match?.[2]);
  return match && port > 0 && port < 65536 ? { host: match[1] ?? '', port } : undefined;
}

/** BusyBox's sh: `/dev/tcp` is no device there, so the redirection fails as for any missing file. */
export function busyboxRedirect(shell: string, path: string, output: boolean): ReachOutcome {
  const text = output ? `can't create ${path}: nonexistent directory` : `can't open ${path}: no such file`;
  return { lines: errors([`${shell}: ${text}`]), status: 1 };
}

/** What a shell says of a redirection goes to stderr. */
const errors = (texts: string[]) => texts.map((text) => ({ text, stderr: true }));

/**
 * bash's connection for the redirection on script line `line`: undefined when it connects (the
 * command then runs), else what bash prints (its messages, its status, how long it waited first):
 * a host that does not resolve, a refusal, a timeout.
 */
export function bashRedirect(
  shell: string,
  path: string,
  line: number,
  host: LookupAnswer,
  failure: ConnectionFailure | undefined,
): ReachOutcome | undefined {
  const at = `${shell}: line ${line}:`;
  const name = tcpPath(path)?.host ?? '';
  if (host.found === undefined)
    return {
      lines: errors([`${at} ${name}: Name or service not known`, `${at} ${path}: Invalid argument`]),
      status: 1,
    };
  if (failure === undefined) return undefined;
  const why = failure === 'refused' ? 'Connection refused' : 'Connection timed out';
  return {
    lines: errors([`${shell}: connect: ${why}`, `${at} ${path}: ${why}`]),
    status: 1,
    // bash sets no timeout of its own: the kernel's ends the wait.
    ...(failure === 'unanswered' && { waitsMs: KERNEL_CONNECT_TIMEOUT_S * 1000 }),
  };
}
