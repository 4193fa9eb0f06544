import type { SimContext } from './context.js';
import type { ProcessContext } from './interpreter.js';
import type { FileChange, SimContainer, SimGroup } from './model.js';
import { rearmProbes, refreshReadiness } from './probes.js';
import { containerFs, writeFile } from './process.js';
import { normalizePath } from './sim-fs.js';

/** Timed changes one run keeps at most: a script writing in a long loop cannot flood the job queue. */
const MAX_CHANGES = 100;

export type TimedChange = FileChange & { atMs: number };

/**
 * A container's script is interpreted at once as it starts, but what it writes or removes after a
 * sleep (`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy`, the liveness example of the Kubernetes
 * documentation) must change its files only then, for its probes, its hooks and exec. Such changes
 * are held back here, to fall due as jobs; the script's own later commands see them at once.
 */
export function timedFiles(process: ProcessContext): { process: ProcessContext; later: TimedChange[] } {
  const later: TimedChange[] = [];
  /** Path → what the script left there; undefined: it removed it. */
  const overlay = new Map<string, string | undefined>();
  const readFile = (path: string): string | undefined => {
    const p = normalizePath(path);
    return overlay.has(p) ? overlay.get(p) : process.readFile(path);
  };
  const hold = (change: TimedChange): void => {
    if (later.length < MAX_CHANGES) later.push(change);
  };
  return {
    later,
    process: {
      ...process,
      readFile,
      absent: (path) => {
        const p = normalizePath(path);
        return overlay.has(p) ? overlay.get(p) === undefined : process.absent?.(path) === true;
      },
      ...(process.stat && {
        stat: (path: string) => {
          const p = normalizePath(path);
          if (!overlay.has(p)) return process.stat?.(path);
          return overlay.get(p) === undefined ? undefined : 'file';
        },
      }),
      writeFile: (path, data, append, atMs = 0) => {
        if (atMs <= 0 && overlay.size === 0) return process.writeFile?.(path, data, append) ?? false;
        // A file the script makes later is not there before (`sleep 5; touch /tmp/ready`): an image
        // does not ship the marker its own script creates.
        if (!overlay.has(normalizePath(path)) && process.readFile(path) === undefined)
          process.removeFile?.(path);
        hold({ path, content: data, append, atMs });
        overlay.set(normalizePath(path), (append ? (readFile(path) ?? '') : '') + data);
        return true;
      },
      removeFile: (path, atMs = 0) => {
        if (atMs <= 0 && overlay.size === 0) return process.removeFile?.(path);
        hold({ path, atMs });
        overlay.set(normalizePath(path), undefined);
      },
    },
  };
}

/** A held-back change falls due: the running container's files change, and its probes see them. */
export function onFileChange(ctx: SimContext, g: SimGroup, c: SimContainer, change: FileChange): void {
  if (c.state.State !== 'Running') return;
  const fs = containerFs(g, c);
  if (change.content === undefined) fs.remove(change.path);
  else writeFile(fs, change.path, change.content, change.append === true);
  filesChanged(ctx, g);
}

/** Files of the group changed: a probe that passed may fail now, and readiness may change either way. */
export function filesChanged(ctx: SimContext, g: SimGroup): void {
  rearmProbes(ctx, g);
  if (refreshReadiness(g)) ctx.changed(g);
}
