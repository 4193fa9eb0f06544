import { readFile } from 'node:fs/promises';
import { isComponentProcess, type LaunchSpec } from './process.js';

/** What a readiness probe saw: ready, or a short description of why not (for the timeout message). */
export type ProbeResult = true | string;

export interface WaitOptions {
  /** e.g. "kube-apiserver /readyz". */
  what: string;
  timeoutMs: number;
  /** The log a user should read when the wait fails. */
  logFile: string;
  /** When given, a process that exits stops the wait at once with its log's tail. */
  process?: { pid: number; spec: LaunchSpec };
  onProgress?: (line: string) => void;
  intervalMs?: number;
  heartbeatMs?: number;
}

/** The last `lines` lines of a log file ('' when it cannot be read). */
export async function logTail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Polls `probe` until it reports ready; fails with a message that points at the log. */
export async function waitUntil(probe: () => Promise<ProbeResult>, opts: WaitOptions): Promise<void> {
  const started = Date.now();
  const interval = opts.intervalMs ?? 500;
  const heartbeat = opts.heartbeatMs ?? 15_000;
  let nextBeat = started + heartbeat;
  let last = 'no answer yet';
  for (;;) {
    try {
      const result = await probe();
      if (result === true) return;
      last = result;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    if (opts.process && !isComponentProcess(opts.process.pid, opts.process.spec)) {
      throw new Error(
        `${opts.process.spec.name} (pid ${opts.process.pid}) exited while waiting for ${opts.what}. ` +
          `Last lines of ${opts.logFile}:\n${await logTail(opts.logFile)}`,
      );
    }
    const now = Date.now();
    if (now - started >= opts.timeoutMs) {
      throw new Error(
        `${opts.what} not ready after ${Math.round(opts.timeoutMs / 1000)} s (last: ${last}). ` +
          `See ${opts.logFile}; last lines:\n${await logTail(opts.logFile)}`,
      );
    }
    if (now >= nextBeat) {
      opts.onProgress?.(`  waiting for ${opts.what}: ${Math.round((now - started) / 1000)} s (${last})`);
      nextBeat = now + heartbeat;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
