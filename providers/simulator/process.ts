import type { SimContainer, SimGroup } from './model.js';
import type { ProcessContext } from './interpreter.js';

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** What a simulated process sees: its environment, hostname and the files of its mounted ConfigFileVolumes. */
export function processContext(g: SimGroup, c: SimContainer): ProcessContext {
  const hostname = g.request.HostName || g.name;
  const env: Record<string, string> = { PATH, HOSTNAME: hostname, HOME: '/root' };
  for (const v of c.spec.EnvironmentVar ?? []) env[v.Key] = v.Value ?? fieldRef(g, v.FieldRef?.FieldPath);
  return {
    env,
    hostname,
    workingDir: c.spec.WorkingDir,
    image: c.spec.Image,
    readFile: (path) => readMountedFile(g, c, path),
  };
}

function fieldRef(g: SimGroup, path: string | undefined): string {
  if (path === 'status.podIP' || path === 'status.hostIP') return g.ip;
  if (path === 'metadata.name') return g.name;
  return '';
}

function readMountedFile(g: SimGroup, c: SimContainer, path: string): string | undefined {
  const wanted = normalize(path);
  for (const mount of c.spec.VolumeMount ?? []) {
    const files = g.request.Volume?.find((v) => v.Name === mount.Name)?.ConfigFileVolume?.ConfigFileToPath;
    if (!files) continue;
    const root = normalize(mount.MountPath);
    const relative = mount.SubPath
      ? wanted === root
        ? normalize(mount.SubPath)
        : undefined
      : wanted.startsWith(`${root}/`)
        ? wanted.slice(root.length + 1)
        : undefined;
    const file = relative === undefined ? undefined : files.find((f) => normalize(f.Path) === relative);
    if (file) return Buffer.from(file.Content, 'base64').toString('utf8');
  }
  return undefined;
}

function normalize(path: string): string {
  return path
    .replace(/\/+/g, '/')
    .replace(/^\.\//, '')
    .replace(/(.)\/$/, '$1');
}
