import { internString } from '../intern.js';
import type { SimContext } from './context.js';
import { interpret, type ContainerRun } from './interpreter.js';
import { awaitNames, lookupsFor } from './lookups.js';
import { allContainers, type FileChange, type SimContainer, type SimGroup } from './model.js';
import { rearmProbes, refreshReadiness } from './probes.js';
import { containerFs, processContext, writeFile } from './process.js';
import { timedFiles } from './script-files.js';

/** How long an init container the simulator cannot judge runs before it exits 0 (unscaled). */
export const UNJUDGED_INIT_MS = 1000;
/** Paths a waiting script is woken for at most. */
const MAX_AWAITED = 20;

/**
 * An init container whose work the simulator cannot judge (its image's entrypoint, `istio-iptables`,
 * `flyway migrate`) completes, as init containers are made to, rather than running forever and
 * holding the pod in Init: a hook the simulator cannot judge succeeds for the same reason.
 */
function initJudged(c: SimContainer, run: ContainerRun): ContainerRun {
  if (!c.init || !run.uninterpreted || run.exit) return run;
  const lastMs = run.lines.reduce((t, l) => Math.max(t, l.atMs), 0);
  return { ...run, exit: { code: 0, atMs: lastMs + UNJUDGED_INIT_MS } };
}

/**
 * Runs the container's command as the instance that started at `c.startedAtMs`: its log, its file
 * changes and its exit, scheduled from now. Run again when a file it waited for appears (wake), it
 * is the same run up to that moment, so only what follows is scheduled.
 */
export function runProcess(ctx: SimContext, g: SimGroup, c: SimContainer): ContainerRun {
  const now = ctx.now();
  const startedAt = c.startedAtMs ?? now;
  const argv = [...(c.spec.Command ?? []), ...(c.spec.Arg ?? [])];
  const lookups = lookupsFor(ctx, g, c, startedAt);
  const process = { ...processContext(g, c), startedAt, lookup: lookups.lookup };
  // An image's own entrypoint is not interpreted: it has no files to time, nor to wait for.
  const files =
    argv.length > 0 ? timedFiles(process, { startedAt, appearedAt: c.appearedAt ?? {} }) : undefined;
  const result = initJudged(c, interpret(argv, files?.process ?? process));
  const at = (ms: number): number => startedAt + ctx.delay(ms / 1000, false);
  // The text shared: every instance of an image logs the same lines (its entrypoint's, for one).
  c.log = { lines: result.lines.map((l) => ({ t: at(l.atMs), text: internString(l.text) })) };
  if (result.repeat) {
    const { startMs, periodMs, lines } = result.repeat;
    const scale = (ms: number): number => ctx.delay(ms / 1000, false);
    c.log.repeat = {
      startT: at(startMs),
      periodMs: Math.max(scale(periodMs), 10),
      lines: lines.map((l) => ({ ...l, atMs: scale(l.atMs) })),
    };
  }
  // A run that looked up names not asked yet counts once they are answered: nothing of it is scheduled.
  if (awaitNames(ctx, g, c, lookups, result.exit !== undefined)) return result;
  const job = { container: c.name, instance: c.instance };
  const woken = c.appearedAt !== undefined;
  const from = (ms: number): number => Math.max(0, at(ms) - now);
  // Before the exit: a file written as the script ends (its termination message) is there when it does.
  for (const { atMs, ...file } of files?.later ?? [])
    if (!woken || atMs >= (files?.diverged() ?? 0))
      ctx.schedule(from(atMs), g, { type: 'file', file, ...job });
  if (result.exit)
    ctx.schedule(from(result.exit.atMs), g, { type: 'exited', code: result.exit.code, ...job });
  const missed = result.exit ? undefined : files?.missed;
  // Set only when there is something to say: most containers never carry the field.
  if (missed?.size || c.awaits) c.awaits = missed?.size ? [...missed].slice(0, MAX_AWAITED) : undefined;
  return result;
}

/**
 * Running containers whose script waits for a file that is now there (`until [ -f /shared/done ]`)
 * go on from the moment it appeared: their run is interpreted again knowing when it did.
 */
export function wakeWaiting(ctx: SimContext, g: SimGroup): void {
  for (const c of allContainers(g)) {
    if (c.state.State !== 'Running' || !c.awaits?.length) continue;
    const fs = containerFs(g, c);
    const appeared = c.awaits.filter((p) => fs.stat(p) !== undefined);
    if (appeared.length === 0) continue;
    const now = ctx.now();
    c.appearedAt = { ...c.appearedAt, ...Object.fromEntries(appeared.map((p) => [p, now])) };
    runProcess(ctx, g, c);
    ctx.changed(g);
  }
}

/** A held-back change falls due: the running container's files change, and what watches them sees it. */
export function onFileChange(ctx: SimContext, g: SimGroup, c: SimContainer, change: FileChange): void {
  if (c.state.State !== 'Running') return;
  const fs = containerFs(g, c);
  if (change.content === undefined) fs.remove(change.path);
  else writeFile(fs, change.path, change.content, change.append === true);
  filesChanged(ctx, g);
}

/**
 * Files of the group changed: a probe that passed may fail now, readiness may change either way,
 * and a script waiting for one of them goes on.
 */
export function filesChanged(ctx: SimContext, g: SimGroup): void {
  rearmProbes(ctx, g);
  if (refreshReadiness(g)) ctx.changed(g);
  wakeWaiting(ctx, g);
}
