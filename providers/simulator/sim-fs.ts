/**
 * A container's files as exec sees them: the mounted ConfigMap/Secret files (read-only, from the
 * group's ConfigFileVolumes), a fixed skeleton of the usual top-level directories, and what exec
 * sessions wrote (`kubectl cp` into the pod, `tar x`), kept in memory for the container's life.
 */
export type FsEntry = { type: 'file'; data: Buffer; mode: number } | { type: 'dir'; mode: number };

const SKELETON = ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr', '/var'];
/** Bounded like a small ephemeral disk: an exec flood cannot grow the simulator without limit. */
export const FS_CAPACITY_BYTES = 64 * 1024 * 1024;

export class NoSpaceError extends Error {}

export class SimFs {
  private readonly written = new Map<string, FsEntry>();
  /** Paths removed (`rm`) and not written since: known to be absent, whatever the image had there. */
  private readonly removedPaths = new Set<string>();
  private used = 0;

  /**
   * `dirs`: directories the container has for certain (its volumes' mount paths, its working
   * directory), whose files the simulator may not know.
   * `writeThrough`: takes the writes (a removal: no data) that belong elsewhere (an emptyDir volume
   * the group shares), which `mounted` then shows; false for those kept here.
   */
  constructor(
    private readonly mounted: () => Map<string, Buffer>,
    private readonly dirs: () => string[] = () => [],
    private readonly writeThrough: (path: string, data: Buffer | undefined) => boolean = () => false,
  ) {}

  private known(): string[] {
    return [...this.written.keys(), ...this.mounted().keys(), ...this.dirs(), ...SKELETON];
  }

  stat(path: string): FsEntry | undefined {
    const p = normalizePath(path);
    if (p === '/') return { type: 'dir', mode: 0o755 };
    const own = this.written.get(p);
    if (own) return own;
    const file = this.mounted().get(p);
    if (file) return { type: 'file', data: file, mode: 0o644 };
    if (SKELETON.includes(p) || this.dirs().includes(p)) return { type: 'dir', mode: 0o755 };
    const prefix = `${p}/`;
    for (const other of this.known()) if (other.startsWith(prefix)) return { type: 'dir', mode: 0o755 };
    return undefined;
  }

  read(path: string): Buffer | undefined {
    const e = this.stat(path);
    return e?.type === 'file' ? e.data : undefined;
  }

  /** Names directly in a directory, sorted; undefined when it is not one. */
  list(path: string): string[] | undefined {
    const p = normalizePath(path);
    if (this.stat(p)?.type !== 'dir') return undefined;
    const prefix = p === '/' ? '/' : `${p}/`;
    const names = new Set<string>();
    for (const other of this.known()) {
      if (other.startsWith(prefix) && other.length > prefix.length)
        names.add(other.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }

  write(path: string, data: Buffer, mode = 0o644): void {
    const p = normalizePath(path);
    this.removedPaths.delete(p);
    if (this.writeThrough(p, data)) return;
    const before = this.written.get(p);
    const freed = before?.type === 'file' ? before.data.length : 0;
    if (this.used - freed + data.length > FS_CAPACITY_BYTES)
      throw new NoSpaceError(`${p}: No space left on device`);
    this.mkdir(parentOf(p));
    this.used += data.length - freed;
    this.written.set(p, { type: 'file', data, mode });
  }

  /** `rm -rf PATH`: the path and what is under it; a mounted ConfigMap or Secret file stays (read-only). */
  remove(path: string): void {
    const p = normalizePath(path);
    this.removedPaths.add(p);
    if (this.writeThrough(p, undefined)) return;
    for (const [other, entry] of this.written) {
      if (other !== p && !other.startsWith(`${p}/`)) continue;
      if (entry.type === 'file') this.used -= entry.data.length;
      this.written.delete(other);
    }
  }

  /** Whether the path is known to be gone: it, or a directory above it, was removed and it was not written since. */
  removed(path: string): boolean {
    if (this.stat(path) !== undefined) return false;
    for (let p = normalizePath(path); p !== '/'; p = parentOf(p)) if (this.removedPaths.has(p)) return true;
    return false;
  }

  mkdir(path: string, mode = 0o755): void {
    const p = normalizePath(path);
    if (p === '/' || this.stat(p)?.type === 'dir') return;
    this.mkdir(parentOf(p));
    this.written.set(p, { type: 'dir', mode });
  }
}

export function normalizePath(path: string, cwd = '/'): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

function parentOf(p: string): string {
  return p.slice(0, p.lastIndexOf('/')) || '/';
}
