/**
 * What a handler (a lifecycle hook's or a probe's) does in a group, as far as the simulator can
 * know: an exec handler runs in the container through the interpreter, an HTTP or TCP handler
 * reaches a port of the group, answered by the container that serves it once it runs. Knative's
 * queue-proxy answers its own port only when the user container's probe it carries
 * (SERVING_READINESS_PROBE) passes, so a pod is Ready only once its user container is up.
 *
 * A handler fails here only when the simulator knows it would fail on ECI: a command it interprets
 * exits non-zero with what the container is known to hold (`exit 3`, `cat` of a file a ConfigFile
 * volume's mount lacks), or a port of the group nothing running serves. A script from the image, a
 * file the container may have written itself, or a host outside the group cannot be known: such a
 * handler succeeds at once, as the simulator's containers run what they do not interpret as servers.
 */
import { interpret, type ProcessContext } from './interpreter.js';
import { declaringContainer, loopbackLookupNow } from './loopback.js';
import type { SimContainer, SimGroup } from './model.js';
import { processContext } from './process.js';

export interface HandlerOutcome {
  /** How long the handler runs (ms, before `speed` scaling); Infinity when it never returns (`sleep infinity`). */
  ms: number;
  failed: boolean;
}

const SUCCEEDED: HandlerOutcome = { ms: 0, failed: false };

/**
 * An exec handler exits with what the command exits with, after the time it takes in a container
 * (`sleep 5`: 5 s); one that never ends (`sleep infinity`, `while true`) never returns. Not known
 * (an uninterpreted command, a path outside the mounted files): it succeeds at once.
 */
export function runExec(g: SimGroup, c: SimContainer, argv: string[]): HandlerOutcome {
  let unknownPath = false;
  const mounted = processContext(g, c);
  // A path found nowhere is known to be missing only under a ConfigFile mount (read-only, whole),
  // or where the container removed it.
  const noted = <T>(path: string, found: T | undefined): T | undefined => {
    if (found === undefined && mounted.absent?.(path) !== true) unknownPath = true;
    return found;
  };
  const { stat } = mounted;
  const process: ProcessContext = {
    ...mounted,
    // `nc -z localhost 5432`, `pg_isready -h 127.0.0.1`: the group's own ports as they stand.
    lookup: loopbackLookupNow(g),
    readFile: (path) => noted(path, mounted.readFile(path)),
    // `test -f` asks stat, not readFile, when the group mounts data caches (their files are unknown).
    ...(stat && { stat: (path: string) => noted(path, stat(path)) }),
  };
  // One run in container mode tells all: exec mode only differs in what it makes of the unknown
  // (status 127, here a success) and of time (none, here the duration).
  const run = interpret(argv, process, 'container');
  if (run.uninterpreted || unknownPath) return SUCCEEDED;
  if (!run.exit || run.repeat) return { ms: Infinity, failed: false };
  return { ms: run.exit.atMs, failed: run.exit.code !== 0 };
}

/**
 * Whether host:port answers, asked by `c`. The pod's own addresses (the default) are answered by
 * whatever in the group serves the port; the simulator cannot see any other host, so those answer.
 */
export function reach(g: SimGroup, c: SimContainer, host: string | undefined, port: number): HandlerOutcome {
  const local = [g.ip, 'localhost', '127.0.0.1'].includes(host || g.ip);
  return { ms: 0, failed: local && portState(g, port, c) !== 'answers' };
}

/** Knative's queue-proxy: the user container's readiness probe(s), as Kubernetes probe JSON. */
const DELEGATED_PROBE_ENV = 'SERVING_READINESS_PROBE';

interface KubeProbeJson {
  httpGet?: { port?: number | string };
  tcpSocket?: { port?: number | string };
  grpc?: { port?: number };
}

/** The ports the probes in SERVING_READINESS_PROBE (one probe or a list) check; [] when absent or unreadable. */
function delegatedPorts(c: SimContainer): number[] {
  const text = c.spec.EnvironmentVar?.find((e) => e.Key === DELEGATED_PROBE_ENV)?.Value;
  if (!text) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const probes = (Array.isArray(parsed) ? parsed : [parsed]) as KubeProbeJson[];
  return probes
    .map((p) => Number(p.httpGet?.port ?? p.tcpSocket?.port ?? p.grpc?.port))
    .filter((port) => Number.isInteger(port) && port > 0);
}

/** The container serving `port`: the one declaring it, else (ports need not be declared) `asker` itself. */
export function servingContainer(g: SimGroup, port: number, asker: SimContainer): SimContainer {
  return declaringContainer(g, port) ?? asker;
}

/**
 * What a connection to `port` of the pod's address meets now: nothing listening, a server that
 * does not answer ready yet (queue-proxy before its user container is up: HTTP 503), or an answer.
 */
export function portState(g: SimGroup, port: number, asker: SimContainer): 'refused' | 'unready' | 'answers' {
  if (!servingContainer(g, port, asker).started) return 'refused';
  return portAnswers(g, port, asker) ? 'answers' : 'unready';
}

/** Whether a connection to `port` of the pod's address, from inside the group, answers now. */
function portAnswers(g: SimGroup, port: number, asker: SimContainer, seen = new Set<string>()): boolean {
  const target = servingContainer(g, port, asker);
  if (!target.started) return false;
  if (seen.has(target.name)) return true;
  seen.add(target.name);
  return delegatedPorts(target).every((p) => portAnswers(g, p, target, seen));
}
