/**
 * Container lifecycle hooks, run as the kubelet runs them (pkg/kubelet/lifecycle/handlers.go and
 * kuberuntime_container.go): PostStart right after the container starts, PreStop before a running
 * container is stopped. An exec hook runs in the container through the simulator's interpreter, an
 * HTTP or TCP hook reaches a port of the group (answered once the container serving it runs).
 *
 * A hook fails here only when the simulator knows it would fail on ECI: a command it interprets
 * exits non-zero with what the container is known to hold (`exit 3`, `cat` of a file a ConfigFile
 * volume's mount lacks), or a port of the group nothing serves. A script from the image, or a file the
 * container may have written itself, cannot be known: such a hook succeeds at once, as the
 * simulator's containers run what they do not interpret as servers.
 */
import type { Container } from '../eci-api/index.js';
import type { SimContext } from './context.js';
import { interpret, type ProcessContext } from './interpreter.js';
import type { SimContainer, SimGroup } from './model.js';
import { portAnswers } from './probes.js';
import { processContext } from './process.js';
import { normalizePath } from './sim-fs.js';

export type HookKind = 'PostStart' | 'PreStop';

/** The pod's terminationGracePeriodSeconds when the request leaves it out, as on Kubernetes. */
export const DEFAULT_GRACE_SECONDS = 30;

export interface HookOutcome {
  /** How long the hook runs (ms, before `speed` scaling); Infinity when it never returns (`sleep infinity`). */
  ms: number;
  failed: boolean;
}

const SUCCEEDED: HookOutcome = { ms: 0, failed: false };

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
export function runHook(g: SimGroup, c: SimContainer, kind: HookKind): HookOutcome | undefined {
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

/**
 * An exec hook exits as ExecContainerCommand would, and takes the time the same command takes in
 * a container (`sleep 5`: 5 s). Not known (an uninterpreted command, a path outside the mounted
 * files): it succeeds at once.
 */
function runExec(g: SimGroup, c: SimContainer, argv: string[]): HookOutcome {
  let unknownPath = false;
  const known = configFileMounts(g, c);
  const mounted = processContext(g, c);
  const process: ProcessContext = {
    ...mounted,
    readFile: (path) => {
      const content = mounted.readFile(path);
      const p = normalizePath(path);
      if (content === undefined && !known.some((m) => p === m || p.startsWith(`${m}/`))) unknownPath = true;
      return content;
    },
  };
  const run = interpret(argv, process, 'exec');
  if (run.uninterpreted || unknownPath) return SUCCEEDED;
  const timed = interpret(argv, process, 'container');
  if (!run.exit || timed.repeat) return { ms: Infinity, failed: false };
  const ms = timed.exit?.atMs ?? Math.max(0, ...timed.lines.map((l) => l.atMs));
  return { ms, failed: run.exit.code !== 0 };
}

/** Where the container mounts ConfigFile volumes: read-only, so their whole content is known. */
function configFileMounts(g: SimGroup, c: SimContainer): string[] {
  const volumes = g.request.Volume ?? [];
  return (c.spec.VolumeMount ?? [])
    .filter((m) => volumes.find((v) => v.Name === m.Name)?.Type === 'ConfigFileVolume')
    .map((m) => normalizePath(m.MountPath));
}

/**
 * Whether host:port answers. The pod's own addresses are answered by whatever in the group serves
 * the port; the simulator cannot see any other host, so those answer.
 */
function reach(g: SimGroup, c: SimContainer, host: string | undefined, port: number): HookOutcome {
  const local = [g.ip, 'localhost', '127.0.0.1'].includes(host || g.ip);
  return { ms: 0, failed: local && !portAnswers(g, port, c) };
}
