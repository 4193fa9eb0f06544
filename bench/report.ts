// The benchmark's figures: a table for people and one RESULT line for scripts. Pure.

/** CPU seconds each part of the machine spent from the first create until every pod was seen Running. */
export interface CpuShares {
  /** The node agent: our controller (its replicas summed) or KWOK. */
  agent: number;
  /** API server, etcd, scheduler, controller-manager. */
  controlPlane: number;
  /** The benchmark process: its creates and its watch. */
  benchmark: number;
}

export interface PhaseReport {
  /** "ours" or "kwok". */
  label: string;
  pods: number;
  runningSeconds: number;
  deleteSeconds: number;
  /** Per pod creation → Running observed through a watch (ms), ascending. */
  startupMs: number[];
  /** Mutating API calls on pods and events during the run, by "VERB resource[/sub]". */
  apiWrites: Map<string, number>;
  /** GET and LIST calls during the run, by "VERB resource[/sub]", whoever made them. */
  apiReads?: Map<string, number>;
  /** Pod watches (any client's) the API server closed as too slow during the run. */
  closedPodWatches?: number;
  /** Of the API writes, the benchmark's own creates and deletes. */
  ownWrites: number;
  /** ECI backend calls by action; absent for KWOK, which has no backend. */
  backendCalls?: Map<string, number>;
  /** Events about the run's pods, by reason. */
  eventsByReason?: Map<string, number>;
  peakRssBytes: number;
  cpuSeconds: number;
  /** CPU the control plane (API server, etcd, scheduler, controller-manager) spent during the run. */
  controlPlaneCpuSeconds?: number;
  /** CPU the benchmark process itself spent (creating, watching, deleting): it shares the machine. */
  loadCpuSeconds?: number;
  /** The CPU split up to all Running (when the control plane's CPU is read). */
  cpuToRunning?: CpuShares;
}

export interface CycleReading {
  cycle: number;
  rssBytes: number;
  heapUsedBytes?: number;
}

export interface AdmissionFigures {
  p50Ms: number;
  p99Ms: number;
  rps: number;
}

export interface BenchReport {
  ours: PhaseReport;
  kwok?: PhaseReport;
  cycles: CycleReading[];
  admission?: AdmissionFigures;
}

/** Nearest-rank percentile of an ascending list; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const sum = (m: Map<string, number> | undefined): number =>
  [...(m ?? new Map<string, number>()).values()].reduce((a, b) => a + b, 0);

/** API writes per pod made by the node agent (controller or KWOK): everything but the benchmark's own. */
export function agentWritesPerPod(p: PhaseReport): number {
  return (sum(p.apiWrites) - p.ownWrites) / p.pods;
}

export function backendCallsPerPod(p: PhaseReport): number | undefined {
  return p.backendCalls === undefined ? undefined : sum(p.backendCalls) / p.pods;
}

export const MIB = 1024 * 1024;

/** A number with at most `digits` decimals, "NA" when missing or not finite. */
export function fmt(n: number | undefined, digits = 2): string {
  if (n === undefined || !Number.isFinite(n)) return 'NA';
  return String(Number(n.toFixed(digits)));
}

function busyCpu(c: CpuShares): number {
  return c.agent + c.controlPlane + c.benchmark;
}

/**
 * The all-Running time an agent that used no CPU would get on the same machine, an estimate valid
 * while the machine is saturated (cores busy near its core count): the time scales with the CPU
 * the run needed, and the agent's share of it is taken away. It bounds what making the agent
 * faster can win; the rest is the control plane's and the benchmark's work.
 */
export function runningWithoutAgentCpu(p: PhaseReport): number | undefined {
  const c = p.cpuToRunning;
  if (!c || busyCpu(c) <= 0) return undefined;
  return (p.runningSeconds * (c.controlPlane + c.benchmark)) / busyCpu(c);
}

/** runningWithoutAgentCpu of ours over KWOK's measured time: the best ratio a faster controller could reach. */
export function ratioWithoutAgentCpu(r: { ours: PhaseReport; kwok?: PhaseReport }): number | undefined {
  const ours = runningWithoutAgentCpu(r.ours);
  return r.kwok && ours !== undefined ? ours / r.kwok.runningSeconds : undefined;
}

/** The kinds a per-kind count has beside either agent, sorted. */
function kindsOfBoth(
  ours: PhaseReport,
  kwok: PhaseReport | undefined,
  counts: (p: PhaseReport) => Map<string, number> | undefined,
): string[] {
  return [...new Set([...(counts(ours)?.keys() ?? []), ...((kwok && counts(kwok))?.keys() ?? [])])].sort();
}

/** Reads of one kind per pod; undefined when the run did not count reads. */
function readsPerPod(p: PhaseReport, kind: string): number | undefined {
  return p.apiReads && (p.apiReads.get(kind) ?? 0) / p.pods;
}

/** Reads worth a row of their own: 0.01 a pod or more beside either agent (the rest is background). */
function significantReads(ours: PhaseReport, kwok: PhaseReport | undefined): string[] {
  const significant = (p: PhaseReport | undefined, k: string): boolean =>
    p !== undefined && (readsPerPod(p, k) ?? 0) >= 0.01;
  return kindsOfBoth(ours, kwok, (p) => p.apiReads).filter(
    (k) => significant(ours, k) || significant(kwok, k),
  );
}

function rows(r: BenchReport): [string, string, string][] {
  const { ours, kwok } = r;
  const both = (f: (p: PhaseReport) => number | undefined, d = 2): [string, string] => [
    fmt(f(ours), d),
    kwok ? fmt(f(kwok), d) : '-',
  ];
  const out: [string, string, string][] = [
    ['pods', String(ours.pods), kwok ? String(kwok.pods) : '-'],
    ['all Running (s)', ...both((p) => p.runningSeconds)],
    ['pods Running per s', ...both((p) => p.pods / p.runningSeconds, 1)],
    ['startup p50 (ms)', ...both((p) => percentile(p.startupMs, 50), 0)],
    ['startup p90 (ms)', ...both((p) => percentile(p.startupMs, 90), 0)],
    ['startup p99 (ms)', ...both((p) => percentile(p.startupMs, 99), 0)],
    ['startup max (ms)', ...both((p) => percentile(p.startupMs, 100), 0)],
    ['all deleted (s)', ...both((p) => p.deleteSeconds)],
    ['agent API writes per pod', ...both(agentWritesPerPod)],
  ];
  for (const k of kindsOfBoth(ours, kwok, (p) => p.apiWrites)) {
    out.push([`  ${k} per pod`, ...both((p) => (p.apiWrites.get(k) ?? 0) / p.pods)]);
  }
  out.push(['  (of which the benchmark own)', ...both((p) => p.ownWrites / p.pods)]);
  for (const reason of kindsOfBoth(ours, kwok, (p) => p.eventsByReason)) {
    out.push([`  event ${reason} per pod`, ...both((p) => (p.eventsByReason?.get(reason) ?? 0) / p.pods)]);
  }
  out.push([
    'API reads per pod (GET, LIST; any client)',
    ...both((p) => p.apiReads && sum(p.apiReads) / p.pods),
  ]);
  for (const k of significantReads(ours, kwok)) {
    out.push([`  ${k} per pod`, ...both((p) => readsPerPod(p, k))]);
  }
  out.push(['ECI backend calls per pod', ...both(backendCallsPerPod)]);
  for (const [action, n] of [...(ours.backendCalls ?? new Map<string, number>())].sort()) {
    out.push([`  ${action} per pod`, fmt(n / ours.pods), '-']);
  }
  out.push(['peak RSS (MiB)', ...both((p) => p.peakRssBytes / MIB, 1)]);
  out.push(['CPU (s)', ...both((p) => p.cpuSeconds)]);
  out.push(['CPU per pod (ms)', ...both((p) => (p.cpuSeconds * 1000) / p.pods)]);
  out.push(['pod watches closed as too slow', ...both((p) => p.closedPodWatches, 0)]);
  out.push(['control plane CPU (s)', ...both((p) => p.controlPlaneCpuSeconds)]);
  out.push(['benchmark process CPU (s)', ...both((p) => p.loadCpuSeconds)]);
  if (ours.cpuToRunning || kwok?.cpuToRunning) {
    out.push(['CPU until all Running (s)', ...both((p) => p.cpuToRunning && busyCpu(p.cpuToRunning))]);
    out.push(['  by the agent', ...both((p) => p.cpuToRunning?.agent)]);
    out.push(['  by the control plane', ...both((p) => p.cpuToRunning?.controlPlane)]);
    out.push(['  by the benchmark', ...both((p) => p.cpuToRunning?.benchmark)]);
    out.push(['  cores busy', ...both((p) => p.cpuToRunning && busyCpu(p.cpuToRunning) / p.runningSeconds)]);
    out.push(['all Running with no agent CPU (s, est.)', ...both(runningWithoutAgentCpu)]);
  }
  return out;
}

export function renderTable(r: BenchReport): string {
  const table = rows(r);
  const head: [string, string, string] = ['', 'ours', 'kwok'];
  const w = [0, 1, 2].map((i) => Math.max(...[head, ...table].map((row) => row[i].length)));
  const line = (row: [string, string, string]): string =>
    `${row[0].padEnd(w[0])}  ${row[1].padStart(w[1])}  ${row[2].padStart(w[2])}`;
  const lines = [line(head), ...table.map(line)];
  if (r.cycles.length > 0) {
    lines.push('', 'leak check (controller after each create/delete cycle):');
    for (const c of r.cycles) {
      const heap =
        c.heapUsedBytes === undefined ? '' : `  live heap after GC ${fmt(c.heapUsedBytes / MIB, 1)} MiB`;
      lines.push(`  cycle ${c.cycle}: RSS ${fmt(c.rssBytes / MIB, 1)} MiB${heap}`);
    }
  }
  if (r.admission) {
    const a = r.admission;
    lines.push(
      '',
      `admission webhook: p50 ${fmt(a.p50Ms)} ms  p99 ${fmt(a.p99Ms)} ms  ${fmt(a.rps, 0)} reviews/s`,
    );
  }
  return lines.join('\n');
}

/**
 * The one-line summary scripts parse: space-separated key=value, NA for what was not measured;
 * `extra` fields (the repeated runs') go last.
 */
export function resultLine(r: BenchReport, extra: readonly [string, string][] = []): string {
  const { ours, kwok } = r;
  const fields: [string, string][] = [
    ['pods', String(ours.pods)],
    ['ours_running_s', fmt(ours.runningSeconds)],
    ['kwok_running_s', fmt(kwok?.runningSeconds)],
    ['ratio', fmt(kwok ? ours.runningSeconds / kwok.runningSeconds : undefined)],
    ['p99_startup_ms', fmt(percentile(ours.startupMs, 99), 0)],
    ['writes_per_pod', fmt(agentWritesPerPod(ours))],
    ['backend_calls_per_pod', fmt(backendCallsPerPod(ours))],
    ['peak_rss_mib', fmt(ours.peakRssBytes / MIB, 1)],
    ['kwok_peak_rss_mib', fmt(kwok && kwok.peakRssBytes / MIB, 1)],
    ['ours_delete_s', fmt(ours.deleteSeconds)],
    ['kwok_delete_s', fmt(kwok?.deleteSeconds)],
    ['ratio_no_agent_cpu', fmt(ratioWithoutAgentCpu(r))],
    ...extra,
  ];
  return `RESULT ${fields.map(([k, v]) => `${k}=${v}`).join(' ')}`;
}
