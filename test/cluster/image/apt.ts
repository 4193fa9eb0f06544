import type { Writable } from 'node:stream';
import { run } from '../run.js';

/** Whether dpkg has `pkg` installed (not merely known, or removed with its config kept). */
async function dpkgHas(pkg: string): Promise<boolean> {
  try {
    const { stdout } = await run('dpkg-query', ['-W', '-f=${Status}', pkg]);
    return stdout.trim() === 'install ok installed';
  } catch {
    return false;
  }
}

/** The packages of `wanted` that are not installed yet. */
export async function missingPackages(wanted: readonly string[]): Promise<string[]> {
  const have = await Promise.all(wanted.map(dpkgHas));
  return wanted.filter((_, i) => !have[i]);
}

/**
 * Installs with apt-get whatever of `packages` is missing (nothing to do: no apt-get call at all),
 * so a fresh CI machine gets its tools from the project's own files. Needs root, as apt-get does.
 */
export async function ensureDebianPackages(
  packages: readonly string[],
  progress: (line: string) => void,
  log?: Writable,
): Promise<void> {
  const missing = await missingPackages(packages);
  if (missing.length === 0) return;
  const how = `apt-get install --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0)
    throw new Error(
      `missing Debian packages ${missing.join(', ')}: run as root, or install them: sudo ${how}`,
    );
  progress(`installing ${missing.join(' ')} with apt-get (once per machine)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const opts = { env, log, onHeartbeat: (s: number) => progress(`  still installing: ${s} s`) };
  try {
    await run('apt-get', ['update'], opts);
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], opts);
  } catch (err) {
    throw new Error(`${how} failed: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}
