import type { SimContainer, SimGroup } from './model.js';
import { normalizePath } from './sim-fs.js';

/**
 * What containers wrote into the group's EmptyDirVolumes (`echo ... > /work/app.conf`, `kubectl cp`):
 * one store per group, seen by every container that mounts the volume, as an init container's
 * rendered config is by the app. Kept for the group's life, in its record (so in the state file).
 */

/** Bounded like a small volume: a container writing in a loop cannot grow the simulator without limit. */
export const EMPTY_DIR_CAPACITY_BYTES = 1024 * 1024;

interface Place {
  key: string;
  readOnly: boolean;
}

/** Where a path of the container lies in an EmptyDirVolume: the volume's key for it; the deepest mount wins. */
function placeOf(g: SimGroup, c: SimContainer, path: string): Place | undefined {
  const p = normalizePath(path);
  let best: (Place & { depth: number }) | undefined;
  for (const m of c.spec.VolumeMount ?? []) {
    const volume = g.request.Volume?.find((v) => v.Name === m.Name);
    if (volume?.Type !== 'EmptyDirVolume' || m.MountPath === undefined) continue;
    const root = normalizePath(m.MountPath);
    const prefix = root === '/' ? '/' : `${root}/`;
    if (!p.startsWith(prefix) || p === root || (best && best.depth > root.length)) continue;
    const sub = m.SubPath ? `${normalizePath(m.SubPath).slice(1)}/` : '';
    best = {
      key: `${m.Name}/${sub}${p.slice(prefix.length)}`,
      readOnly: m.ReadOnly === true,
      depth: root.length,
    };
  }
  return best;
}

/** Writes where the container mounts an emptyDir read-write; false elsewhere, or past the store's bound. */
export function writeEmptyDir(
  g: SimGroup,
  c: SimContainer,
  path: string,
  data: Buffer,
  append = false,
): boolean {
  const place = placeOf(g, c, path);
  if (!place || place.readOnly) return false;
  const files = (g.emptyDirFiles ??= {});
  const before =
    append && files[place.key] !== undefined ? Buffer.from(files[place.key], 'base64') : undefined;
  const content = before ? Buffer.concat([before, data]) : data;
  const used = Object.entries(files).reduce((n, [k, v]) => n + (k === place.key ? 0 : (v.length * 3) / 4), 0);
  if (used + content.length > EMPTY_DIR_CAPACITY_BYTES) return false;
  files[place.key] = content.toString('base64');
  return true;
}

/** Removes a file (or a directory's files) where the container mounts an emptyDir read-write; false elsewhere. */
export function removeEmptyDir(g: SimGroup, c: SimContainer, path: string): boolean {
  const place = placeOf(g, c, path);
  if (!place || place.readOnly) return false;
  for (const key of Object.keys(g.emptyDirFiles ?? {}))
    if (key === place.key || key.startsWith(`${place.key}/`)) delete g.emptyDirFiles?.[key];
  return true;
}

/** The emptyDir files the container sees, by their path in it. */
export function emptyDirFiles(g: SimGroup, c: SimContainer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const files = Object.entries(g.emptyDirFiles ?? {});
  if (files.length === 0) return out;
  for (const m of c.spec.VolumeMount ?? []) {
    const volume = g.request.Volume?.find((v) => v.Name === m.Name);
    if (volume?.Type !== 'EmptyDirVolume' || m.MountPath === undefined) continue;
    const from = `${m.Name}/${m.SubPath ? `${normalizePath(m.SubPath).slice(1)}/` : ''}`;
    const root = normalizePath(m.MountPath);
    for (const [key, content] of files)
      if (key.startsWith(from))
        out.set(normalizePath(key.slice(from.length), root), Buffer.from(content, 'base64'));
  }
  return out;
}
