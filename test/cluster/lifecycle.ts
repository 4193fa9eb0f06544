import { logFilePath, readPidFile, removePidFile, writePidFile } from './pidfile.js';
import { portInUse } from './ports.js';
import {
  isComponentProcess,
  startDetached,
  stopProcess,
  type LaunchSpec,
  type StopOutcome,
} from './process.js';
import { readinessOf } from './readiness.js';
import type { ClusterInfo, ComponentName } from './state.js';
import { waitUntil } from './wait.js';

const STOP_GRACE_MS = 10_000;

/** The pid of `spec` if it is running now (its pid file names a live process with its argv). */
export async function runningPid(dir: string, spec: LaunchSpec): Promise<number | undefined> {
  const pid = await readPidFile(dir, spec.name);
  return pid !== undefined && isComponentProcess(pid, spec) ? pid : undefined;
}

/**
 * Records `specs` as how the components are launched, except for a component that is running
 * now: it keeps the spec it was started with, so it is still recognised (and stopped) even when
 * this run would launch it differently (another CLI path, new flags).
 */
export async function recordSpecs(info: ClusterInfo, specs: LaunchSpec[]): Promise<void> {
  for (const spec of specs) {
    const name = spec.name as ComponentName;
    const recorded = info.components[name];
    if (recorded && (await runningPid(info.dir, recorded)) !== undefined) continue;
    info.components[name] = spec;
  }
}

/**
 * Starts the component unless it already runs, then waits until it serves. Returns whether it was
 * started now.
 */
export async function ensureComponent(
  info: ClusterInfo,
  name: ComponentName,
  onProgress: (line: string) => void = () => undefined,
): Promise<boolean> {
  const spec = info.components[name];
  if (!spec) {
    throw new Error(
      `component ${name} is not part of the cluster in ${info.dir}: ` +
        `known are ${Object.keys(info.components).join(', ')}; run "cluster up" (without --control-plane-only) to add it`,
    );
  }
  const logFile = logFilePath(info.dir, name);
  let pid = await runningPid(info.dir, spec);
  const started = pid === undefined;
  const readiness = await readinessOf(info, name, started ? new Date() : undefined);
  if (pid === undefined) {
    if (readiness.port !== undefined && (await portInUse(readiness.port))) {
      throw new Error(
        `cannot start ${name}: port ${readiness.port} on 127.0.0.1 is already in use by another process. ` +
          `Stop it, or run "cluster down" and remove ${info.dir} to get new ports`,
      );
    }
    onProgress(`starting ${name} (log: ${logFile})`);
    pid = await startDetached(spec, logFile);
    await writePidFile(info.dir, name, pid);
  }
  await waitUntil(readiness.probe, {
    what: readiness.what,
    timeoutMs: readiness.timeoutMs,
    logFile,
    process: { pid, spec },
    onProgress,
  });
  onProgress(`${name} ${started ? 'ready' : 'already running'} (pid ${pid})`);
  return started;
}

/** Stops the recorded process of `name` (only if it is really that component) and removes its pid file. */
export async function stopRecorded(
  info: ClusterInfo,
  name: ComponentName,
  graceMs = STOP_GRACE_MS,
): Promise<StopOutcome> {
  const spec = info.components[name];
  const pid = await readPidFile(info.dir, name);
  let outcome: StopOutcome = 'not-running';
  if (spec && pid !== undefined) outcome = await stopProcess(pid, spec, graceMs);
  await removePidFile(info.dir, name);
  return outcome;
}

export interface ComponentStatus {
  name: string;
  pid?: number;
  running: boolean;
  detail: string;
}

export async function statusOf(info: ClusterInfo, name: ComponentName): Promise<ComponentStatus> {
  const spec = info.components[name];
  const pid = await readPidFile(info.dir, name);
  const log = logFilePath(info.dir, name);
  if (!spec) return { name, running: false, detail: 'not configured in this cluster' };
  if (pid === undefined) return { name, running: false, detail: `not running (no pid file); log: ${log}` };
  if (isComponentProcess(pid, spec)) return { name, pid, running: true, detail: `running; log: ${log}` };
  return { name, pid, running: false, detail: `not running (pid ${pid} has exited); log: ${log}` };
}
