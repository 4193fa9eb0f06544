import { normalizePath, NoSpaceError, type SimFs } from './sim-fs.js';
import { readTar, writeTar, type TarEntry } from './tar.js';

/** `tar` as `kubectl cp` calls it: `tar cf - PATH` and `tar [--no-same-*] -xmf - [-C DIR]`. */
export interface TarCommand {
  mode: 'create' | 'extract' | 'other';
  directory?: string;
  paths: string[];
}

export function tarCommand(args: string[]): TarCommand {
  let mode: TarCommand['mode'] = 'other';
  let directory: string | undefined;
  const paths: string[] = [];
  let sawFlags = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-C') directory = args[++i];
    else if (a.startsWith('--')) continue;
    else if (!sawFlags && /^-?[a-zA-Z]+$/.test(a)) {
      sawFlags = true;
      if (a.includes('c')) mode = 'create';
      else if (a.includes('x')) mode = 'extract';
      if (a.includes('f')) i++; // the archive: `-` (stdin/stdout) is all exec can use
    } else paths.push(a);
  }
  return { mode, directory, paths };
}

/** The archive of the paths (leading `/` dropped from names, as tar does), and the paths missing. */
export function tarCreate(
  fs: SimFs,
  cmd: TarCommand,
  cwd: string,
  nowMs: number,
): { archive: Buffer; errors: string[]; code: number } {
  const entries: TarEntry[] = [];
  const errors: string[] = [];
  const base = normalizePath(cmd.directory ?? '.', cwd);
  const mtimeSec = Math.floor(nowMs / 1000);
  const add = (abs: string, name: string): void => {
    const e = fs.stat(abs);
    if (!e) return;
    if (e.type === 'file') {
      entries.push({ name, type: 'file', mode: e.mode, data: e.data, mtimeSec });
      return;
    }
    if (name !== '') entries.push({ name, type: 'dir', mode: e.mode, data: Buffer.alloc(0), mtimeSec });
    for (const child of fs.list(abs) ?? [])
      add(`${abs === '/' ? '' : abs}/${child}`, name ? `${name}/${child}` : child);
  };
  for (const path of cmd.paths) {
    const abs = normalizePath(path, base);
    if (!fs.stat(abs)) {
      errors.push(`tar: ${path}: Cannot stat: No such file or directory`);
      continue;
    }
    add(abs, path.startsWith('/') ? abs.slice(1) : normalizePath(path, '/').slice(1));
  }
  if (errors.length) errors.push('tar: Exiting with failure status due to previous errors');
  return { archive: writeTar(entries), errors, code: errors.length ? 2 : 0 };
}

/** Writes the archive's files under `-C DIR`; names escaping it (`../`) are refused, as GNU tar does. */
export function tarExtract(
  fs: SimFs,
  cmd: TarCommand,
  archive: Buffer,
  cwd: string,
): { errors: string[]; code: number } {
  const base = normalizePath(cmd.directory ?? '.', cwd);
  const errors: string[] = [];
  for (const e of readTar(archive)) {
    const target = normalizePath(e.name, base);
    if (e.name.split('/').includes('..') || !`${target}/`.startsWith(base === '/' ? '/' : `${base}/`)) {
      errors.push(`tar: ${e.name}: Member name contains '..'`);
      continue;
    }
    try {
      if (e.type === 'dir') fs.mkdir(target, e.mode);
      else fs.write(target, e.data, e.mode);
    } catch (err) {
      if (!(err instanceof NoSpaceError)) throw err;
      errors.push(`tar: ${err.message}`);
    }
  }
  return { errors, code: errors.length ? 2 : 0 };
}
