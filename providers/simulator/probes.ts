/**
 * Container probes, judged as the kubelet would judge them (pkg/kubelet/prober) with what the
 * simulator knows of the group (handlers.ts): an exec probe runs through the interpreter, an HTTP or
 * TCP probe reaches a port of the pod's address. A probe fails only when it is known to fail on
 * ECI; what the simulator cannot judge (a script from the image) passes.
 *
 * Readiness is asked whenever the group changes. Liveness is probed on the kubelet's schedule, as
 * jobs (the kill itself is containers.ts's `onLivenessProbe`): a probe's result depends only on
 * which containers run, so a passing probe is not asked again until a container of the group stops.
 */
import type { Probe } from '../eci-api/index.js';
import type { SimContext } from './context.js';
import { portState, runExec } from './handlers.js';
import type { SimContainer, SimGroup } from './model.js';

/** Kubernetes' defaults for what a probe leaves out. */
export const PROBE_DEFAULTS = { periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 };

/** Seconds between a probe's runs: Kubernetes' default when it leaves them out (or gives 0). */
function periodOf(probe: Probe | undefined): number {
  return probe?.PeriodSeconds || PROBE_DEFAULTS.periodSeconds;
}

/**
 * Why the probe fails, in the kubelet's words, when the simulator knows it does; undefined when it
 * passes or cannot be judged. An exec probe's output is left out (''): it may hold secrets.
 */
export function probeFailure(g: SimGroup, c: SimContainer, probe: Probe): string | undefined {
  const argv = probe.Exec?.Command;
  if (argv?.length) {
    const run = runExec(g, c, argv);
    // The kubelet stops waiting after TimeoutSeconds (`sleep 5`, `sleep infinity`): a failure.
    const timeout = probe.TimeoutSeconds || PROBE_DEFAULTS.timeoutSeconds;
    if (run.ms > timeout * 1000) return `command ${JSON.stringify(argv.join(' '))} timed out`;
    return run.failed ? '' : undefined;
  }
  // ECI's probes have no host: they always reach the pod's address.
  const port = probe.HttpGet?.Port ?? probe.TcpSocket?.Port;
  const state = port === undefined ? 'answers' : portState(g, port, c);
  if (state === 'answers') return undefined;
  const refused = `dial tcp ${g.ip}:${port}: connect: connection refused`;
  // A TCP probe only connects: a server that is listening passes it, ready or not.
  if (!probe.HttpGet) return state === 'refused' ? refused : undefined;
  if (state === 'unready') return 'HTTP probe failed with statuscode: 503';
  const scheme = probe.HttpGet.Scheme === 'HTTPS' ? 'https' : 'http';
  const path = `/${(probe.HttpGet.Path ?? '').replace(/^\//, '')}`;
  return `Get "${scheme}://${g.ip}:${port}${path}": ${refused}`;
}

/**
 * Sets each running app container's readiness: past its probe delays and, with a readiness probe,
 * passing it. Returns whether anything changed (a container starting or stopping can change another's).
 */
export function refreshReadiness(g: SimGroup): boolean {
  let changed = false;
  for (const c of g.containers) {
    if (!c.started) continue;
    const probe = c.spec.ReadinessProbe;
    const ready = (c.readyDelayPassed ?? c.ready) && (probe ? probeFailure(g, c, probe) === undefined : true);
    if (ready !== c.ready) {
      c.ready = ready;
      changed = true;
    }
  }
  return changed;
}

/**
 * A just-started app container's liveness probing begins: the first probe comes after its
 * InitialDelaySeconds, and not before a startup probe has passed (the simulator passes startup
 * probes at their first probe, their InitialDelaySeconds, as for readiness).
 */
export function startLiveness(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  const probe = c.spec.LivenessProbe;
  c.livenessFailures = undefined;
  if (!probe || c.init) return;
  const seconds = Math.max(probe.InitialDelaySeconds ?? 0, c.spec.StartupProbe?.InitialDelaySeconds ?? 0);
  probeLivenessIn(ctx, g, c, seconds, 0);
}

/** The next liveness probe, a period from now, after `failures` failures in a row. */
export function nextLivenessProbe(ctx: SimContext, g: SimGroup, c: SimContainer, failures: number): void {
  probeLivenessIn(ctx, g, c, periodOf(c.spec.LivenessProbe), failures);
}

function probeLivenessIn(ctx: SimContext, g: SimGroup, c: SimContainer, seconds: number, failures: number) {
  c.livenessFailures = failures;
  ctx.schedule(ctx.delay(seconds, false), g, { type: 'liveness', container: c.name, instance: c.instance });
}

/**
 * A just-started app container's readiness reports begin once its probe delays (`afterSeconds`)
 * have passed: while the probe is known to fail, the kubelet's `Unhealthy` event each period.
 */
export function startReadinessReports(
  ctx: SimContext,
  g: SimGroup,
  c: SimContainer,
  afterSeconds: number,
): void {
  c.readinessReportDue = undefined;
  if (c.spec.ReadinessProbe && !c.init) reportReadinessIn(ctx, g, c, afterSeconds);
}

function reportReadinessIn(ctx: SimContext, g: SimGroup, c: SimContainer, seconds: number): void {
  c.readinessReportDue = true;
  ctx.schedule(ctx.delay(seconds, false), g, { type: 'readiness', container: c.name, instance: c.instance });
}

/**
 * Its readiness probe is due: a failure is reported (as liveness failures are, without an exec
 * probe's output) and probed again a period later; a pass ends the reports until the group changes.
 * Readiness itself is refreshReadiness's: this only says why it is false.
 */
export function onReadinessProbe(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  const probe = c.spec.ReadinessProbe;
  if (c.state.State !== 'Running' || !probe) return;
  const failure = probeFailure(g, c, probe);
  if (failure === undefined) {
    c.readinessReportDue = undefined;
    return;
  }
  ctx.event(g, {
    Type: 'Warning',
    Reason: 'Unhealthy',
    Message: `Readiness probe failed: ${failure}`,
    Name: c.name,
  });
  ctx.changed(g);
  reportReadinessIn(ctx, g, c, periodOf(probe));
}

/**
 * A container of the group stopped: a running container whose probe passed (so is not being
 * probed here) and now fails, as the stopped one served its port, is probed again: the kubelet's
 * next probe comes within a period.
 */
export function rearmProbes(ctx: SimContext, g: SimGroup): void {
  for (const c of g.containers) {
    if (!c.started) continue;
    const live = c.spec.LivenessProbe;
    if (live && c.livenessFailures === undefined && probeFailure(g, c, live) !== undefined)
      nextLivenessProbe(ctx, g, c, 0);
    const ready = c.spec.ReadinessProbe;
    if (ready && !c.readinessReportDue && probeFailure(g, c, ready) !== undefined)
      reportReadinessIn(ctx, g, c, periodOf(ready));
  }
}
