import { readFile, rm, writeFile } from 'node:fs/promises';
import { isPidAlive } from './process.js';

const POLL_MS = 2000;

/**
 * Runs `fn` while holding an exclusive lock file (two `cluster up` at once must not build twice
 * on 2 cores). A lock left by a dead process is taken over.
 */
export async function withLockFile<T>(
  lockPath: string,
  fn: () => Promise<T>,
  onWait?: (holderPid: number) => void,
): Promise<T> {
  let announced = false;
  for (;;) {
    try {
      await writeFile(lockPath, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
      if (!Number.isInteger(holder) || holder <= 0 || !isPidAlive(holder)) {
        await rm(lockPath, { force: true });
        continue;
      }
      if (!announced) onWait?.(holder);
      announced = true;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockPath, { force: true });
  }
}
