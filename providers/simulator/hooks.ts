/**
 * Container lifecycle hooks, run as the kubelet runs them (pkg/kubelet/lifecycle/handlers.go and
 * kuberuntime_container.go): PostStart right after the container starts, PreStop before a running
 * container is stopped. An exec hook runs in the container through the simulator's interpreter, an
 * HTTP or TCP hook reaches a port of the group (handlers.ts): a hook fails only when the simulator
 * knows it would fail on ECI; what it cannot know succeeds at once.
 */
import type { Container } from '../eci-api/index.js';
import type { SimContext } from './context.js';
import { reach, runExec, type HandlerOutcome } from './handlers.js';
import type { SimContainer, SimGroup } from './model.js';

type HookKind = 'PostStart' | 'PreStop';

/** The pod's terminationGracePeriodSeconds when the request leaves it out, as on Kubernetes. */
const DEFAULT_GRACE_SECONDS = 30;

type HandlerField = 'Exec' | 'HttpGetPort' | 'HttpGetHost' | 'TcpSocketPort' | 'TcpSocketHost';

/** `Lifecycle<Kind>Handler<Field>` of a container spec. */
function handler<F extends HandlerField>(
  s: Container,
  kind: HookKind,
  field: F,
): Container[`Lifecycle${HookKind}Handler${F}`] {
  return s[`Lifecycle${kind}Handler${field}` as const];
}

/** Runs a container's hook of that kind now; undefined when it has none. */
function runHook(g: SimGroup, c: SimContainer, kind: HookKind): HandlerOutcome | undefined {
  const exec = handler(c.spec, kind, 'Exec');
  if (exec?.length) return runExec(g, c, exec);
  const httpPort = handler(c.spec, kind, 'HttpGetPort');
  if (httpPort !== undefined) return reach(g, c, handler(c.spec, kind, 'HttpGetHost'), httpPort);
  const tcpPort = handler(c.spec, kind, 'TcpSocketPort');
  if (tcpPort !== undefined) return reach(g, c, handler(c.spec, kind, 'TcpSocketHost'), tcpPort);
  return undefined;
}

/**
 * Starts a just-started container's PostStart hook: a failing hook's end is scheduled (the
 * container is then killed). Returns the scaled ms until the hook returns, undefined without one.
 */
export function startPostStart(ctx: SimContext, g: SimGroup, c: SimContainer): number | undefined {
  const hook = runHook(g, c, 'PostStart');
  if (!hook) return undefined;
  if (hook.ms === Infinity) return Infinity;
  const ms = ctx.delay(hook.ms / 1000, false);
  if (hook.failed) ctx.schedule(ms, g, { type: 'postStartFailed', container: c.name, instance: c.instance });
  return ms;
}

/**
 * Starts a running container's PreStop hook as the group is deleted. Returns the scaled ms it holds
 * the container's stop: the hook's run time, cut at the termination grace period. A failure that
 * ends within the grace period is reported; one cut short is not, as the group is gone by then.
 */
export function startPreStop(ctx: SimContext, g: SimGroup, c: SimContainer): number {
  const grace = g.request.TerminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
  // With no grace period the kubelet kills at once and skips the hook.
  const hook = grace > 0 ? runHook(g, c, 'PreStop') : undefined;
  if (!hook) return 0;
  if (hook.ms > grace * 1000) return ctx.delay(grace, false);
  const ms = ctx.delay(hook.ms / 1000, false);
  if (hook.failed) ctx.schedule(ms, g, { type: 'preStopFailed', container: c.name, instance: c.instance });
  return ms;
}

/**
 * The kubelet goes on stopping the container: a failed PreStop hook is only reported, in its words,
 * which leave out the hook's output so that no secret reaches an event.
 */
export function onPreStopFailed(ctx: SimContext, g: SimGroup, c: SimContainer): void {
  ctx.event(g, { Type: 'Warning', Reason: 'FailedPreStopHook', Message: 'PreStopHook failed', Name: c.name });
  ctx.changed(g);
}
