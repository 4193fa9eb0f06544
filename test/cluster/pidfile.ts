import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export function pidFilePath(dir: string, name: string): string {
  return path.join(dir, 'pids', `${name}.pid`);
}

export function logFilePath(dir: string, name: string): string {
  return path.join(dir, 'logs', `${name}.log`);
}

/** A pid file's content: a positive integer, or undefined for anything else (empty, garbage). */
export function parsePid(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const pid = Number(trimmed);
  return pid > 0 && Number.isSafeInteger(pid) ? pid : undefined;
}

/** The recorded pid, or undefined when there is no pid file or it holds no pid. */
export async function readPidFile(dir: string, name: string): Promise<number | undefined> {
  try {
    return parsePid(await readFile(pidFilePath(dir, name), 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export async function writePidFile(dir: string, name: string, pid: number): Promise<void> {
  await mkdir(path.join(dir, 'pids'), { recursive: true });
  await writeFile(pidFilePath(dir, name), `${pid}\n`);
}

export async function removePidFile(dir: string, name: string): Promise<void> {
  await rm(pidFilePath(dir, name), { force: true });
}
