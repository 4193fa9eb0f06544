// One measured run against one node agent (our controller or KWOK): the load, plus what it cost
// the API server, the backend and the agent process.
import type { ApiClient } from './api.js';
import type { Child } from './child.js';
import { ensureNamespace } from './kube.js';
import { runLoad, type LoadResult, type Toleration } from './load.js';
import {
  apiReads,
  apiWrites,
  closedPodWatches,
  backendCalls,
  parsePrometheus,
  ProcSampler,
  readProcStats,
  type Sample,
} from './metrics.js';
import type { CpuShares, PhaseReport } from './report.js';

export interface PhaseOptions {
  label: string;
  api: ApiClient;
  agent: Child;
  /** Other processes of the same agent (controller replicas): their RSS and CPU are added. */
  moreAgents?: Child[];
  nodeName: string;
  /** Pods spread over these nodes (the first is nodeName). */
  nodeNames?: string[];
  tolerations: Toleration[];
  namespace: string;
  /** Pod name prefix, unique per run. */
  prefix: string;
  pods: number;
  rate?: number;
  concurrency: number;
  /** The pod watch's own connection: it then runs on a thread of its own. */
  kubeconfig?: string;
  /** The agent's own /metrics, when it has ECI backend counters. */
  scrapeAgent?: () => Promise<Sample[]>;
  /** The control plane's processes, whose CPU during the run is reported. */
  controlPlane?: number[];
  onAllRunning?: () => Promise<void>;
  progress: (line: string) => void;
}

interface EventLite {
  reason?: string;
  count?: number;
  involvedObject?: { name?: string };
}

/** Events about this run's pods by reason, counting repeats an Event aggregates. */
export function eventsByReason(items: readonly EventLite[], prefix: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of items) {
    if (!e.involvedObject?.name?.startsWith(`${prefix}-`)) continue;
    const reason = e.reason ?? '(none)';
    out.set(reason, (out.get(reason) ?? 0) + (e.count ?? 1));
  }
  return out;
}

function cpuSecondsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1e6;
}

/** Writes that land just after the last pod is gone (final events, status) still count. */
const SETTLE_MS = 2000;

export async function measurePhase(o: PhaseOptions): Promise<{ report: PhaseReport; load: LoadResult }> {
  await ensureNamespace(o.api, o.namespace);
  const scrapeApi = async (): Promise<Sample[]> => parsePrometheus(await o.api.text('GET', '/metrics'));
  const agents = [o.agent, ...(o.moreAgents ?? [])];
  const controlPlaneCpu = async (): Promise<number> =>
    (await Promise.all((o.controlPlane ?? []).map(readProcStats))).reduce((sum, p) => sum + p.cpuSeconds, 0);
  const [apiBefore, agentBefore, procBefore, controlPlaneBefore] = await Promise.all([
    scrapeApi(),
    o.scrapeAgent?.(),
    Promise.all(agents.map((a) => readProcStats(a.pid))),
    controlPlaneCpu(),
  ]);
  const loadCpuBefore = process.cpuUsage();
  const agentCpu = async (): Promise<number> =>
    (await Promise.all(agents.map((a) => readProcStats(a.pid)))).reduce(
      (sum, p, i) => sum + p.cpuSeconds - (procBefore[i]?.cpuSeconds ?? 0),
      0,
    );
  let cpuToRunning: CpuShares | undefined;
  const onAllRunning = async (): Promise<void> => {
    const [agent, controlPlane] = await Promise.all([agentCpu(), controlPlaneCpu()]);
    cpuToRunning = {
      agent,
      controlPlane: controlPlane - controlPlaneBefore,
      benchmark: cpuSecondsSince(loadCpuBefore),
    };
    await o.onAllRunning?.();
  };
  const samplers = agents.map((a) => new ProcSampler(a.pid));
  for (const sampler of samplers) sampler.start();
  let load: LoadResult;
  try {
    const where = (o.nodeNames ?? [o.nodeName]).join(', ');
    o.progress(`${o.label}: ${o.pods} pods on ${where}${o.rate ? ` at ${o.rate}/s` : ''}`);
    load = await runLoad(o.api, {
      namespace: o.namespace,
      nodeName: o.nodeName,
      nodeNames: o.nodeNames,
      tolerations: o.tolerations,
      pods: o.pods,
      ratePerSecond: o.rate,
      concurrency: o.concurrency,
      prefix: o.prefix,
      kubeconfig: o.kubeconfig,
      onProgress: o.progress,
      onAllRunning,
    });
    await new Promise((r) => setTimeout(r, SETTLE_MS));
  } finally {
    await Promise.all(samplers.map((sampler) => sampler.stop()));
  }
  const [apiAfter, agentAfter, events, controlPlaneAfter] = await Promise.all([
    scrapeApi(),
    o.scrapeAgent?.(),
    o.api.json<{ items: EventLite[] }>('GET', `/api/v1/namespaces/${o.namespace}/events`),
    controlPlaneCpu(),
  ]);
  // Summed over the agent's processes: peak RSS as the sum of each one's peak (an upper bound).
  const cpuSeconds = samplers.reduce(
    (sum, sampler, i) =>
      sum + (sampler.last?.cpuSeconds ?? procBefore[i]?.cpuSeconds ?? 0) - (procBefore[i]?.cpuSeconds ?? 0),
    0,
  );
  const report: PhaseReport = {
    label: o.label,
    pods: o.pods,
    runningSeconds: load.runningSeconds,
    deleteSeconds: load.deleteSeconds,
    startupMs: load.startupMs,
    apiWrites: apiWrites(apiBefore, apiAfter),
    apiReads: apiReads(apiBefore, apiAfter),
    closedPodWatches: closedPodWatches(apiBefore, apiAfter),
    ownWrites: load.ownWrites,
    backendCalls: agentBefore && agentAfter ? backendCalls(agentBefore, agentAfter) : undefined,
    eventsByReason: eventsByReason(events.items, o.prefix),
    peakRssBytes: samplers.reduce((sum, sampler) => sum + sampler.peakRssBytes, 0),
    cpuSeconds,
    controlPlaneCpuSeconds: o.controlPlane ? controlPlaneAfter - controlPlaneBefore : undefined,
    loadCpuSeconds: cpuSecondsSince(loadCpuBefore),
    cpuToRunning: o.controlPlane ? cpuToRunning : undefined,
  };
  o.progress(
    `${o.label}: all Running in ${report.runningSeconds.toFixed(2)} s, deleted in ${report.deleteSeconds.toFixed(2)} s` +
      (load.watchRestarts > 0 ? ` (the API server ended the pod watch ${load.watchRestarts} times)` : ''),
  );
  return { report, load };
}
