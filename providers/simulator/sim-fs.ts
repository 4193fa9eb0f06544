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
  private used = 0;

  /**
   * `dirs`: directories the container has for certain (its volumes' mount paths, its working
   * directory), whose files the simulator may not know.
   * `writeThrough`: takes the writes that belong elsewhere (an emptyDir volume the group shares),
   * which `mounted` then shows; false for those kept here.
   */
  constructor(
    private readonly mounted: () => Map<string, Buffer>,
    private readonly dirs: () => string[] = () => [],
    private readonly writeThrough: (path: string, data: Buffer) => boolean = () => false,
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
    if (this.writeThrough(p, data)) return;
    const before = this.written.get(p);
    const freed = before?.type === 'file' ? before.data.length : 0;
    if (this.used - freed + data.length > FS_CAPACITY_BYTES)
      throw new NoSpaceError(`${p}: No space left on device`);
    this.mkdir(parentOf(p));
    this.used += data.length - freed;
    this.written.set(p, { type: 'file', data, mode });
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
