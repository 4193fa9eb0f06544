import { rfc3339 } from './clock.js';
import type { SimContext } from './context.js';
import { startPostStart } from './hooks.js';
import type { ContainerLog, SimContainer, SimGroup } from './model.js';
import { finish, settle, stopLog, terminatedState } from './phase.js';
import {
  nextLivenessProbe,
  PROBE_DEFAULTS,
  probeFailure,
  rearmProbes,
  refreshReadiness,
  startLiveness,
  startReadinessReports,
} from './probes.js';
import { runProcess, wakeWaiting } from './process-run.js';
import { dueToLaunch } from './container-order.js';
import { digest } from './random.js';

/** Realistic durations (seconds) before `speed` scaling. */
export const DELAYS = {
  pull: 2,
  cachedPull: 0.2,
  errImagePullToBackOff: 1,
  maxBackOff: 300,
  firstBackOff: 10,
};

/**
 * Image pull rule: an image whose name contains `invalid`, `nonexistent` or `does-not-exist` cannot
 * be pulled (ErrImagePull, then ImagePullBackOff, retried with back-off like the kubelet).
 */
export function isUnpullable(image: string): boolean {
  return /invalid|nonexistent|does-not-exist/.test(image);
}

/**
 * Starts what comes next: the first unfinished init container, or else the app containers whose
 * launch priority's turn has come (container-order.ts). Called again as containers start and turn
 * Ready, it starts each container once.
 */
export function startNext(ctx: SimContext, g: SimGroup): void {
  const init = g.initContainers.find((c) => !c.done);
  if (init) return prepare(ctx, g, init);
  for (const c of dueToLaunch(g.containers)) {
    // Starting one may have started the next ones already (a present image runs at once).
    if (c.launched) continue;
    c.launched = true;
    prepare(ctx, g, c);
  }
}

/** Gets the image (pull or already present), then runs the container. */
export function prepare(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  const image = c.spec.Image;
  if (g.pulledImages.includes(image) && c.spec.ImagePullPolicy !== 'Always') {
    ctx.event(g, {
      Type: 'Normal',
      Reason: 'Pulled',
      Message: `Container image "${image}" already present on machine`,
      Name: c.name,
    });
    return run(ctx, g, c);
  }
  ctx.event(g, { Type: 'Normal', Reason: 'Pulling', Message: `Pulling image "${image}"`, Name: c.name });
  if (c.pullFailures === 0) c.state = { State: 'Waiting', Reason: 'ContainerCreating' };
  ctx.changed(g);
  // With ImagePullPolicy Always an image cache still saves the layers' download: only the check remains.
  const seconds = g.cachedImages?.includes(image) ? DELAYS.cachedPull : DELAYS.pull;
  ctx.schedule(ctx.delay(seconds), g, { type: 'pulled', container: c.name, instance: c.instance });
}

export function onPulled(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  const image = c.spec.Image;
  if (isUnpullable(image)) {
    c.pullFailures++;
    const why = `rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`;
    ctx.event(g, {
      Type: 'Warning',
      Reason: 'Failed',
      Message: `Failed to pull image "${image}": ${why}`,
      Name: c.name,
    });
    ctx.event(g, { Type: 'Warning', Reason: 'Failed', Message: 'Error: ErrImagePull', Name: c.name });
    c.state = { State: 'Waiting', Reason: 'ErrImagePull', Message: why };
    ctx.changed(g);
    const job = { container: c.name, instance: c.instance };
    ctx.schedule(ctx.delay(DELAYS.errImagePullToBackOff, false), g, { type: 'pullBackOff', ...job });
    ctx.schedule(ctx.backOff(backOffSeconds(c.pullFailures - 1)), g, { type: 'pullRetry', ...job });
    return;
  }
  // A new array of the exact size (concat; a push or a spread into a literal gives the one image
  // room for 16 more, per group).
  if (!g.pulledImages.includes(image)) g.pulledImages = g.pulledImages.concat([image]);
  ctx.event(g, {
    Type: 'Normal',
    Reason: 'Pulled',
    Message: `Successfully pulled image "${image}"`,
    Name: c.name,
  });
  run(ctx, g, c);
}

export function onPullBackOff(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  const image = c.spec.Image;
  c.state = { State: 'Waiting', Reason: 'ImagePullBackOff', Message: `Back-off pulling image "${image}"` };
  ctx.event(g, {
    Type: 'Normal',
    Reason: 'BackOff',
    Message: `Back-off pulling image "${image}"`,
    Name: c.name,
  });
  ctx.event(g, { Type: 'Warning', Reason: 'Failed', Message: 'Error: ImagePullBackOff', Name: c.name });
  ctx.changed(g);
}

function run(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  const now = ctx.now();
  c.instance++;
  c.containerId = digest(g.id, c.name, c.instance);
  c.pullFailures = 0;
  ctx.event(g, { Type: 'Normal', Reason: 'Created', Message: `Created container ${c.name}`, Name: c.name });
  ctx.event(g, { Type: 'Normal', Reason: 'Started', Message: `Started container ${c.name}`, Name: c.name });
  c.state = { State: 'Running', StartTime: rfc3339(now) };
  c.started = true;
  c.ran = true;
  c.startedAtMs = now;
  if (c.appearedAt) c.appearedAt = undefined;
  if (c.names || c.awaitsNames)
    Object.assign(c, { names: undefined, awaitsNames: undefined, nextLookupAt: undefined });
  runProcess(ctx, g, c);
  const job = { container: c.name, instance: c.instance };
  const hookMs = startPostStart(ctx, g, c);
  startLiveness(ctx, g, c);
  const readyAfter =
    (c.spec.StartupProbe?.InitialDelaySeconds ?? 0) + (c.spec.ReadinessProbe?.InitialDelaySeconds ?? 0);
  c.ready = false;
  c.readyDelayPassed = !c.init && readyAfter <= 0 && hookMs === undefined;
  // Not Ready before its PostStart hook returns: the kubelet reports the container only after it.
  const readyMs = Math.max(ctx.delay(readyAfter, false), hookMs ?? 0);
  startReadinessReports(ctx, g, c, readyAfter);
  if (!c.init && !c.readyDelayPassed && readyMs < Infinity)
    ctx.schedule(readyMs, g, { type: 'ready', ...job });
  refreshReadiness(g);
  // What it wrote as it started may be what another container waits for.
  wakeWaiting(ctx, g);
  settle(ctx, g);
  ctx.changed(g);
  if (!c.init) startNext(ctx, g);
}

export function onReady(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  c.readyDelayPassed = true;
  refreshReadiness(g);
  ctx.changed(g);
  startNext(ctx, g);
}

/**
 * Its PostStart hook failed: the kubelet reports it (in its words, without the hook's output, which
 * may hold secrets) and kills the container; the RestartPolicy then applies.
 */
export function onPostStartFailed(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  if (c.state.State !== 'Running') return;
  ctx.event(g, {
    Type: 'Warning',
    Reason: 'FailedPostStartHook',
    Message: 'PostStartHook failed',
    Name: c.name,
  });
  ctx.event(g, { Type: 'Normal', Reason: 'Killing', Message: 'FailedPostStartHook', Name: c.name });
  killRunning(ctx, g, c);
}

/**
 * Its liveness probe is due. The kubelet records each failure (without an exec probe's output, which
 * may hold secrets) and, after FailureThreshold in a row, kills the container; the RestartPolicy
 * then applies. A pass ends the run of failures: the probe is asked again only once a container of
 * the group stops (probes.ts), as nothing else changes its result.
 */
export function onLivenessProbe(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  const probe = c.spec.LivenessProbe;
  if (c.state.State !== 'Running' || !probe) return;
  const failure = probeFailure(g, c, probe);
  if (failure === undefined) {
    c.livenessFailures = undefined;
    return;
  }
  const failures = (c.livenessFailures ?? 0) + 1;
  ctx.event(g, {
    Type: 'Warning',
    Reason: 'Unhealthy',
    Message: `Liveness probe failed: ${failure}`,
    Name: c.name,
  });
  if (failures < (probe.FailureThreshold || PROBE_DEFAULTS.failureThreshold)) {
    nextLivenessProbe(ctx, g, c, failures);
    return ctx.changed(g);
  }
  // The kubelet says whether it will start the container again: not under Never.
  const restart = g.request.RestartPolicy === 'Never' ? '' : ', will be restarted';
  const message = `Container ${c.name} failed liveness probe${restart}`;
  ctx.event(g, { Type: 'Normal', Reason: 'Killing', Message: message, Name: c.name });
  c.livenessFailures = undefined;
  killRunning(ctx, g, c);
}

/** The kubelet kills the running instance (its later jobs are then ignored); the RestartPolicy applies. */
function killRunning(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  c.instance++;
  stopLog(c.log, ctx.now());
  // 137, as for the other kills here: a shell as PID 1 ignores the SIGTERM, so the SIGKILL ends it.
  onExited(ctx, g, c, 137);
}

/** An instance exited with `code`: restart it, move on to the next container, or settle the group. */
export function onExited(ctx: SimContext, g: SimGroup, c: SimContainer, code: number, reason?: string): void {
  c.state = terminatedState(c, code, ctx.now(), reason);
  code = c.state.ExitCode ?? code;
  c.started = false;
  c.ready = c.init && code === 0;
  c.readyDelayPassed = false;
  // What probed this container's ports (queue-proxy probing its user container) stops answering too.
  refreshReadiness(g);
  rearmProbes(ctx, g);
  const policy = g.request.RestartPolicy ?? 'Always';
  if (c.init && code === 0) {
    c.done = true;
    ctx.changed(g);
    return startNext(ctx, g);
  }
  if (c.init ? policy !== 'Never' : policy === 'Always' || (policy === 'OnFailure' && code !== 0)) {
    return backOff(ctx, g, c);
  }
  c.done = true;
  if (c.init) return finish(ctx, g, 'Failed');
  settle(ctx, g);
  ctx.changed(g);
}

function backOff(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  const seconds = backOffSeconds(c.restartCount);
  c.previous = c.state;
  c.state = {
    State: 'Waiting',
    Reason: 'CrashLoopBackOff',
    Message: `back-off ${seconds}s restarting failed container=${c.name} pod=${g.name}`,
  };
  const message = `Back-off restarting failed container ${c.name} in pod ${g.name}`;
  ctx.event(g, { Type: 'Warning', Reason: 'BackOff', Message: message, Name: c.name });
  ctx.changed(g);
  ctx.schedule(ctx.backOff(seconds), g, { type: 'restart', container: c.name, instance: c.instance });
}

export function onRestart(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  c.restartCount++;
  c.previousLog = c.log;
  c.log = emptyLog();
  prepare(ctx, g, c);
}

/** 10 s, 20 s, 40 s ... capped at 5 min, as the kubelet backs off. */
function backOffSeconds(failures: number): number {
  return Math.min(DELAYS.maxBackOff, DELAYS.firstBackOff * 2 ** failures);
}

export function emptyLog(): ContainerLog {
  return { lines: [] };
}
