import type { ProcessContext } from './interpreter.js';
import type { FileChange } from './model.js';
import { normalizePath } from './sim-fs.js';

/** Timed changes one run keeps at most: a script writing in a long loop cannot flood the job queue. */
const MAX_CHANGES = 100;

export type TimedChange = FileChange & { atMs: number };

/** A run's view of time and files: when it started, and when files it waited for appeared (ms). */
export interface RunTimes {
  startedAt: number;
  appearedAt: Record<string, number>;
}

export interface TimedFiles {
  process: ProcessContext;
  /** The script's writes and removals, each at its time in the script. */
  later: TimedChange[];
  /** Paths the script looked for and did not find (what it may be waiting for). */
  missed: Set<string>;
  /** When the script first saw a file that appeared while it ran (script ms); Infinity: never. */
  diverged: () => number;
}

/**
 * A container's script is interpreted at once as it starts, but what it writes or removes after a
 * sleep (`touch /tmp/healthy; sleep 30; rm -f /tmp/healthy`, the liveness example of the Kubernetes
 * documentation) must change its files only then, for its probes, its hooks and exec. Such changes
 * are held back here, to fall due as jobs; the script's own later commands see them at once. A file
 * that appeared while the script ran (`appearedAt`: another container wrote it) is seen only from
 * then on, so a run interpreted again after it appeared (`until [ -f /shared/done ]; do sleep 1;
 * done`) is the same run up to that moment.
 */
export function timedFiles(process: ProcessContext, times: RunTimes): TimedFiles {
  const later: TimedChange[] = [];
  const missed = new Set<string>();
  let diverged = Infinity;
  /** Path → what the script left there; undefined: it removed it. */
  const overlay = new Map<string, string | undefined>();
  /** Whether the path is not there yet at this time of the script, having appeared later. */
  const notYet = (p: string, atMs: number): boolean => {
    const appeared = times.appearedAt[p];
    if (appeared === undefined) return false;
    if (times.startedAt + atMs < appeared) return true;
    diverged = Math.min(diverged, atMs);
    return false;
  };
  const readFile = (path: string, atMs = 0): string | undefined => {
    const p = normalizePath(path);
    if (overlay.has(p)) return overlay.get(p);
    const found = notYet(p, atMs) ? undefined : process.readFile(path);
    if (found === undefined) missed.add(p);
    return found;
  };
  const hold = (change: TimedChange): void => {
    if (later.length < MAX_CHANGES) later.push(change);
  };
  return {
    later,
    missed,
    diverged: () => diverged,
    process: {
      ...process,
      readFile,
      absent: (path, atMs = 0) => {
        const p = normalizePath(path);
        if (overlay.has(p)) return overlay.get(p) === undefined;
        return notYet(p, atMs) || process.absent?.(path) === true;
      },
      ...(process.stat && {
        stat: (path: string, atMs = 0) => {
          const p = normalizePath(path);
          if (overlay.has(p)) return overlay.get(p) === undefined ? undefined : 'file';
          const found = notYet(p, atMs) ? undefined : process.stat?.(path);
          if (found === undefined) missed.add(p);
          return found;
        },
      }),
      writeFile: (path, data, append, atMs = 0) => {
        if (atMs <= 0 && overlay.size === 0) return process.writeFile?.(path, data, append) ?? false;
        // A file the script makes later is not there before (`sleep 5; touch /tmp/ready`): an image
        // does not ship the marker its own script creates.
        if (!overlay.has(normalizePath(path)) && process.readFile(path) === undefined)
          process.removeFile?.(path);
        hold({ path, content: data, append, atMs });
        overlay.set(normalizePath(path), (append ? (readFile(path, atMs) ?? '') : '') + data);
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
