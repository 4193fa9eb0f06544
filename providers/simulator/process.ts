import { groupArchitecture } from './arm.js';
import { dataCacheDirs } from './data-caches/mount.js';
import { etcFiles, groupHostname } from './etc-files.js';
import type { SimContainer, SimGroup } from './model.js';
import type { ProcessContext } from './interpreter.js';
import { NoSpaceError, normalizePath, SimFs } from './sim-fs.js';
import { emptyDirFiles, removeEmptyDir, writeEmptyDir } from './empty-dirs.js';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * What a simulated process sees: its environment, hostname, machine (`uname -m`, by the group's
 * CPU architecture) and its files (/etc and the mounted ConfigFileVolumes).
 */
export function processContext(g: SimGroup, c: SimContainer): ProcessContext {
  const hostname = groupHostname(g);
  const env: Record<string, string> = { PATH, HOSTNAME: hostname, HOME: '/root' };
  for (const v of c.spec.EnvironmentVar ?? []) env[v.Key] = v.Value ?? fieldRef(g, v.FieldRef?.FieldPath);
  return {
    env,
    hostname,
    machine: groupArchitecture(g) === 'ARM64' ? 'aarch64' : 'x86_64',
    workingDir: c.spec.WorkingDir,
    image: c.spec.Image,
    cpus: Math.max(1, Math.ceil(c.spec.Cpu || g.cpu)),
    uid: c.spec.SecurityContext?.RunAsUser ?? 0,
    gid: c.spec.SecurityContextRunAsGroup ?? 0,
    readFile: (path) => containerFs(g, c).read(path)?.toString('utf8'),
    absent: (path) => underConfigFileMount(g, c, path) || containerFs(g, c).removed(path),
    writeFile: (path, data, append) => writeFile(containerFs(g, c), path, data, append),
    removeFile: (path) => containerFs(g, c).remove(path),
    ...dataCacheStat(g, c),
  };
}

/** Each container's files, for its current instance (a restarted container starts from its image again). */
const filesOf = new WeakMap<SimContainer, { instance: number; fs: SimFs }>();

/**
 * The container's files, as its processes, its probes and hooks, and exec all see them: the mounted
 * ones, its emptyDirs (shared with the group), and what it wrote or removed elsewhere. Kept in
 * memory beside the group, not in its record: the state file does not carry them.
 */
export function containerFs(g: SimGroup, c: SimContainer): SimFs {
  const known = filesOf.get(c);
  if (known?.instance === c.instance) return known.fs;
  const fs = new SimFs(
    () => mountedFiles(g, c),
    () => containerDirs(c),
    (path, data) => (data ? writeEmptyDir(g, c, path, data) : removeEmptyDir(g, c, path)),
  );
  filesOf.set(c, { instance: c.instance, fs });
  return fs;
}

/** The files of the container's last instance: those of the one that just ended, until the next starts. */
export function lastFiles(c: SimContainer): SimFs | undefined {
  return filesOf.get(c)?.fs;
}

/** Writes or appends; false when the container's disk is full. */
export function writeFile(fs: SimFs, path: string, data: string, append: boolean): boolean {
  const before = append ? fs.read(path) : undefined;
  try {
    fs.write(path, before ? Buffer.concat([before, Buffer.from(data)]) : Buffer.from(data));
    return true;
  } catch (err) {
    if (err instanceof NoSpaceError) return false;
    throw err;
  }
}

/**
 * A mounted data cache is a directory a probe or hook can test (`test -d /models`). Only groups
 * mounting one get `stat`, so every other group's commands are judged exactly as before.
 */
function dataCacheStat(g: SimGroup, c: SimContainer): Pick<ProcessContext, 'stat'> {
  const dirs = dataCacheDirs(g, c);
  if (dirs.length === 0) return {};
  return {
    stat: (path) => {
      const p = normalizePath(path);
      if (p === '/' || dirs.some((d) => d === p || d.startsWith(`${p}/`))) return 'dir';
      return containerFs(g, c).read(p) === undefined ? undefined : 'file';
    },
  };
}

/**
 * Directories a container has for certain though the simulator may know no file in them: the mount
 * path of each whole volume and the working directory (the runtime makes both). A subPath mount
 * may be a file, so it is left to what is known of it.
 */
export function containerDirs(c: SimContainer): string[] {
  const mounts = (c.spec.VolumeMount ?? []).filter((m) => !m.SubPath).map((m) => normalizePath(m.MountPath));
  return c.spec.WorkingDir ? [...mounts, normalizePath(c.spec.WorkingDir)] : mounts;
}

function fieldRef(g: SimGroup, path: string | undefined): string {
  if (path === 'status.podIP' || path === 'status.hostIP') return g.ip;
  if (path === 'metadata.name') return g.name;
  return '';
}

/**
 * Every file the container is given, by absolute path: /etc/hosts, /etc/resolv.conf and
 * /etc/hostname (etc-files.ts), what containers wrote into its emptyDir volumes (empty-dirs.ts),
 * then its mounted ConfigFileVolumes, which win on the same path.
 */
export function mountedFiles(g: SimGroup, c: SimContainer): Map<string, Buffer> {
  const out = etcFiles(g);
  for (const [path, content] of emptyDirFiles(g, c)) out.set(path, content);
  for (const mount of c.spec.VolumeMount ?? []) {
    const files = g.request.Volume?.find((v) => v.Name === mount.Name)?.ConfigFileVolume?.ConfigFileToPath;
    if (!files) continue;
    const root = normalizePath(mount.MountPath);
    for (const f of files) {
      const rel = normalizePath(f.Path).slice(1);
      if (mount.SubPath) {
        if (rel === normalizePath(mount.SubPath).slice(1)) out.set(root, Buffer.from(f.Content, 'base64'));
      } else out.set(normalizePath(rel, root), Buffer.from(f.Content, 'base64'));
    }
  }
  return out;
}

/** Whether the path lies under one of the container's ConfigFile mounts: read-only, its files all known. */
export function underConfigFileMount(g: SimGroup, c: SimContainer, path: string): boolean {
  const p = normalizePath(path);
  return (c.spec.VolumeMount ?? []).some((m) => {
    if (g.request.Volume?.find((v) => v.Name === m.Name)?.Type !== 'ConfigFileVolume') return false;
    const root = normalizePath(m.MountPath);
    return p === root || p.startsWith(root === '/' ? '/' : `${root}/`);
  });
}
