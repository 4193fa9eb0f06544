import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { appendFile, open } from 'node:fs/promises';

/** How a component is launched; saved in cluster.json so `startComponent` can start it again alone. */
export interface LaunchSpec {
  name: string;
  command: string;
  args: string[];
  /** Added to the launching process's environment. */
  env?: Record<string, string>;
}

/** True while `pid` exists and is not a zombie (an exited child its parent has not reaped yet). */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: alive but another user's.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** The argv of a running process, or undefined when it is gone or unreadable. */
export function readArgv(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw === '' ? undefined : raw.replace(/\0$/, '').split('\0');
  } catch {
    return undefined;
  }
}

/**
 * Whether `argv` is this component: same program and same leading arguments (which carry the
 * cluster directory or the subcommand), so a pid reused by an unrelated process is never signalled.
 */
export function argvMatches(argv: string[] | undefined, spec: LaunchSpec): boolean {
  if (!argv || argv[0] !== spec.command) return false;
  return spec.args.slice(0, 2).every((arg, i) => argv[i + 1] === arg);
}

export function isComponentProcess(pid: number, spec: LaunchSpec): boolean {
  return isPidAlive(pid) && argvMatches(readArgv(pid), spec);
}

/**
 * Starts `spec` in its own session with output appended to `logFile`, so it outlives the process
 * that started it. Resolves with its pid once the program has been executed.
 */
export async function startDetached(spec: LaunchSpec, logFile: string): Promise<number> {
  await appendFile(
    logFile,
    `\n--- ${new Date().toISOString()} starting ${spec.name}: ${spec.command} ${spec.args.join(' ')}\n`,
  );
  const log = await open(logFile, 'a');
  try {
    const child = spawn(spec.command, spec.args, {
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      env: { ...process.env, ...spec.env },
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err: NodeJS.ErrnoException) =>
        reject(new Error(`cannot start ${spec.name} (${spec.command}): ${err.message}`, { cause: err })),
      );
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`cannot start ${spec.name}: no pid was assigned`);
    return child.pid;
  } finally {
    await log.close();
  }
}

const POLL_MS = 100;

/** Waits until `pid` is gone; identity was checked before signalling, and the exit path clears argv early. */
async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!isPidAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return !isPidAlive(pid);
}

export type StopOutcome = 'not-running' | 'terminated' | 'killed';

/** SIGTERM, then SIGKILL after `graceMs`; only if `pid` is still this component. */
export async function stopProcess(pid: number, spec: LaunchSpec, graceMs: number): Promise<StopOutcome> {
  if (!isComponentProcess(pid, spec)) return 'not-running';
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return 'not-running';
  }
  if (await waitGone(pid, graceMs)) return 'terminated';
  // Still there: SIGKILL only while it is provably the same program (argv is cleared while exiting).
  let killed = false;
  if (isComponentProcess(pid, spec)) {
    try {
      process.kill(pid, 'SIGKILL');
      killed = true;
    } catch {
      // It exited between the check and the signal.
    }
  }
  await waitGone(pid, 5000);
  return killed ? 'killed' : 'terminated';
}
