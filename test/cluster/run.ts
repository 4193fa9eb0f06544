import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Every line of output is appended here (the build log). */
  log?: Writable;
  /** Called every `heartbeatMs` with the seconds elapsed, so a long step shows it is alive. */
  onHeartbeat?: (elapsedSeconds: number) => void;
  heartbeatMs?: number;
}

export interface RunResult {
  stdout: string;
  elapsedSeconds: number;
}

const TAIL_CHARS = 4000;

/** Runs a program (no shell), capturing stdout; rejects with the exit code and the output's tail. */
export function run(command: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  const elapsed = (): number => Math.round((Date.now() - started) / 1000);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let tail = '';
    const keep = (chunk: Buffer): void => {
      tail = (tail + chunk.toString()).slice(-TAIL_CHARS);
      opts.log?.write(chunk);
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      keep(chunk);
    });
    child.stderr.on('data', keep);
    const timer = opts.onHeartbeat
      ? setInterval(() => opts.onHeartbeat?.(elapsed()), opts.heartbeatMs ?? 15_000)
      : undefined;
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearInterval(timer);
      reject(
        err.code === 'ENOENT'
          ? Object.assign(new Error(`${command} was not found on PATH`), { code: 'ENOENT' })
          : err,
      );
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      if (code === 0) {
        resolve({ stdout, elapsedSeconds: elapsed() });
        return;
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new Error(`${command} ${args.join(' ')} ${how}:\n${tail.trim()}`));
    });
  });
}
