import { releaseAddress } from './addresses.js';
import { rfc3339 } from './clock.js';
import type { SimContext } from './context.js';
import type { ContainerLog, SimContainer, SimGroup } from './model.js';
import { allContainers } from './model.js';
import { ignoresExitCode, isSidecarContainer, type ContainerState } from '../eci-api/index.js';
import { terminationMessage } from './termination-message.js';

export type TerminalStatus = 'Succeeded' | 'Failed' | 'Expired' | 'ScheduleFailed';

/** Ends a group: running containers are killed, later jobs become stale, the retention clock starts. */
export function finish(ctx: SimContext, g: SimGroup, status: TerminalStatus): void {
  const now = ctx.now();
  g.epoch++;
  for (const c of allContainers(g)) if (c.state.State === 'Running') kill(c, now, 137);
  g.status = status;
  g.finishedAt = now;
  ctx.changed(g);
  ctx.schedule(ctx.lifetime(ctx.settings.terminalRetentionMs), g, { type: 'retention' });
}

/** Stops a running container instance now (exit 137 = SIGKILL after the grace period). */
export function kill(c: SimContainer, now: number, exitCode: number): void {
  c.state = terminatedState(c, exitCode, now);
  c.instance++;
  c.ready = false;
  c.readyDelayPassed = false;
  c.started = false;
  stopLog(c.log, now);
}

/**
 * The state of an instance that ended with `code`. A container with ECI_CONTAINER_IGNORE_EXIT_CODE
 * ends in success whatever the code, the real code and reason written into its Message, as ECI says.
 */
export function terminatedState(c: SimContainer, code: number, now: number, reason?: string): ContainerState {
  const why = reason ?? (code === 0 ? 'Completed' : 'Error');
  const ended = {
    State: 'Terminated' as const,
    StartTime: c.state.StartTime,
    FinishTime: rfc3339(now),
  };
  if (code !== 0 && ignoresExitCode(c.spec))
    return { ...ended, ExitCode: 0, Reason: 'Completed', Message: `ExitCode: ${code}, Reason: ${why}` };
  const message = terminationMessage(c, code, now);
  // The runtime killed it: 128 + the signal it sent.
  return {
    ...ended,
    ExitCode: code,
    ...(code > 128 ? { Signal: code - 128 } : {}),
    Reason: why,
    ...(message !== undefined ? { Message: message } : {}),
  };
}

/** Drops lines the instance would have written after `now`: it no longer runs. */
export function stopLog(log: ContainerLog, now: number): void {
  log.lines = log.lines.filter((l) => l.t <= now);
  if (log.repeat) log.repeat.stopT ??= now;
}

/**
 * Derives the group status from its containers: Pending → Running once every app container has
 * started; Succeeded/Failed once every app container has exited for good (§4: Succeeded only when
 * all exited 0). Sidecars (ECI_CONTAINER_TYPE) are stopped once the others have exited for good.
 */
export function settle(ctx: SimContext, g: SimGroup): void {
  if (g.status === 'Pending' && g.containers.every((c) => c.ran)) {
    g.status = 'Running';
    g.runningAt = ctx.now();
  }
  if (g.status !== 'Pending' && g.status !== 'Running') return;
  const sidecars = g.containers.filter((c) => isSidecarContainer(c.spec));
  if (sidecars.length < g.containers.length && g.containers.every((c) => c.done || sidecars.includes(c)))
    for (const c of sidecars.filter((s) => !s.done)) {
      // Forcibly: no PreStop hook, no grace period; a container waiting to (re)start never starts.
      kill(c, ctx.now(), 137);
      c.done = true;
    }
  if (g.containers.every((c) => c.done)) {
    const ok = g.containers.every((c) => c.state.State === 'Terminated' && c.state.ExitCode === 0);
    finish(ctx, g, ok ? 'Succeeded' : 'Failed');
  }
}

/** Removes a group for good: deleted, or past retention. */
export function forget(ctx: SimContext, g: SimGroup): void {
  g.epoch++;
  ctx.store.remove(g);
  releaseAddress(ctx, g);
  ctx.opsTasks.forgetGroup(g.id);
  ctx.dirty();
}

/** A terminal group's hour is up: it stays only while among the newest `keepTerminal` such groups. */
export function retire(ctx: SimContext, g: SimGroup): void {
  const past = ctx.store.pastRetention;
  past.add(g.id);
  for (const id of past) {
    if (past.size <= ctx.settings.keepTerminal) break;
    const old = ctx.store.get(id);
    if (old) forget(ctx, old);
    past.delete(id);
  }
}
