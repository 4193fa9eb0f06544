// The processes the benchmark starts (our controller, kwok): its own children, stopped by pid.
import { spawn } from 'node:child_process';
import { open, readFile } from 'node:fs/promises';

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  /** Set once the process has exited: how it ended. */
  exit: string | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export async function spawnChild(
  name: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  logFile: string,
): Promise<Child> {
  const log = await open(logFile, 'a');
  try {
    const proc = spawn(command, args, { stdio: ['ignore', log.fd, log.fd], env: { ...process.env, ...env } });
    await new Promise<void>((resolve, reject) => {
      proc.once('spawn', resolve);
      proc.once('error', (err) =>
        reject(new Error(`cannot start ${name} (${command}): ${err.message}`, { cause: err })),
      );
    });
    if (proc.pid === undefined) throw new Error(`cannot start ${name}: no pid was assigned`);
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    const child: Child = {
      name,
      pid: proc.pid,
      logFile,
      exit: undefined,
      async stop(graceMs = 15_000) {
        if (child.exit !== undefined) return;
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
    proc.once('exit', (code, signal) => (child.exit = signal ? `killed by ${signal}` : `exit code ${code}`));
    return child;
  } finally {
    await log.close();
  }
}

/** The last lines of a child's log, for an error message. */
export async function logTail(child: Child, lines = 15): Promise<string> {
  const text = await readFile(child.logFile, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Throws with the log's tail when the child has exited. */
export async function assertAlive(child: Child): Promise<void> {
  if (child.exit !== undefined) {
    throw new Error(
      `${child.name} (pid ${child.pid}) ended (${child.exit}); last log lines of ${child.logFile}:\n${await logTail(child)}`,
    );
  }
}
