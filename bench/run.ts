// `npm run bench`: our virtual node against KWOK on the same local control plane. Everything it
// starts is stopped on the way out, whether it succeeds, fails or is interrupted.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterDown, clusterUp } from '../test/cluster/cluster.js';
import { ensureKwok } from '../test/cluster/kwok.js';
import { readClusterInfoIfAny, type ClusterInfo } from '../test/cluster/state.js';
import { benchAdmission } from './admission.js';
import { apiClient, type ApiClient } from './api.js';
import { inspectorUrl, liveHeapBytes, openInspector } from './live-heap.js';
import { renderAllocations, sampleAllocations, topAllocations } from './allocations.js';
import { BENCH_HELP, parseBenchFlags, type BenchFlags } from './flags.js';
import { controlPlanePids } from './kube.js';
import { KWOK_NODE, KWOK_TOLERATIONS, startKwok } from './kwok.js';
import { runLoad } from './load.js';
import { readProcStats } from './metrics.js';
import { heapByConstructor, renderHeap, type HeapSnapshot } from './heap.js';
import {
  chartHeapSettings,
  heapSnapshot,
  OUR_NODE,
  OUR_TOLERATIONS,
  startController,
  summarizeProfile,
  type HeapSettings,
  type RunningController,
} from './ours.js';
import { measurePhase } from './phase.js';
import { warmAgent, warmUp } from './warmup.js';
import { startSimulatorServer } from './simulator.js';
import { renderProfile } from './profile.js';
import { benchThrottled, benchZones, type ScenarioContext } from './scenarios.js';
import { benchWriteCost } from './write-cost.js';
import { firstInRound, medianRound, roundLine, roundsFields, type Agent, type Round } from './rounds.js';
import { renderTable, resultLine, type BenchReport, type CycleReading, type PhaseReport } from './report.js';

const cliPath = path.resolve(fileURLToPath(import.meta.url), '../../src/cli.js');
const chartValues = path.resolve(
  fileURLToPath(import.meta.url),
  '../../../charts/ack-virtual-node/values.yaml',
);
const progress = (line: string): void => void process.stderr.write(`[bench] ${line}\n`);

type Cleanup = () => Promise<void>;
const cleanups: Cleanup[] = [];

async function runCleanups(): Promise<void> {
  while (cleanups.length > 0) {
    const step = cleanups.pop();
    await step?.().catch((err: unknown) =>
      progress(`cleanup: ${err instanceof Error ? err.message : String(err)}`),
    );
  }
}

/** A fresh etcd each run: pods, nodes and events of an earlier (maybe aborted) run must not count. */
async function freshCluster(dir: string): Promise<ClusterInfo> {
  const old = await readClusterInfoIfAny(dir);
  if (old) {
    await clusterDown({ dir });
    await rm(old.paths.etcdData, { recursive: true, force: true });
  }
  cleanups.push(() => clusterDown({ dir }));
  return clusterUp({ dir, controlPlaneOnly: true, cliPath, onProgress: progress });
}

/** Each round's pods and events in namespaces of their own, so no round counts another's events. */
const roundNamespace = (agent: Agent, round: number): string =>
  round === 1 ? `bench-${agent}` : `bench-${agent}-r${round}`;

/** The chart's heap settings, then the V8 flags given with --node-flags (which can override them). */
function withNodeFlags(chart: HeapSettings, flags: BenchFlags): HeapSettings {
  return { nodeFlags: [...chart.nodeFlags, ...flags.nodeFlags], env: chart.env };
}

async function benchOurs(api: ApiClient, info: ClusterInfo, flags: BenchFlags, round: number) {
  const chart = await chartHeapSettings(chartValues);
  const heap = withNodeFlags(chart, flags);
  const chartSet = [
    ...chart.nodeFlags,
    ...Object.entries(chart.env).map(([name, value]) => `${name}=${value}`),
  ];
  const added = flags.nodeFlags.length > 0 ? `, then ${flags.nodeFlags.join(' ')} (--node-flags)` : '';
  progress(
    `starting our controller (${flags.eci === 'remote' ? 'ECI_BACKEND=alibaba' : 'ECI_BACKEND=simulator, ECI_SIMULATOR_SPEED=0'}, ${chartSet.join(' ')} as the chart sets them${added})`,
  );
  const simulator =
    flags.eci === 'remote' ? await startSimulatorServer(info, cliPath, { throttle: false }) : undefined;
  if (simulator) {
    cleanups.push(() => simulator.child.stop());
    progress(`ECI: the simulator's OpenAPI server at ${simulator.env.ECI_ENDPOINT}, flow control off`);
  }
  const ctl = await startController(
    api,
    info,
    cliPath,
    {
      heap,
      cpuProf: flags.cpuProf,
      inspect: flags.cycles > 0 || flags.allocProfile,
      heapSnapshot: flags.heapSnapshot,
    },
    { env: simulator?.env },
  );
  cleanups.push(() => ctl.child.stop());
  const inspector =
    flags.cycles > 0 || flags.allocProfile ? await inspectorUrl(ctl.child.logFile) : undefined;
  const allocations = flags.allocProfile && inspector ? await startAllocationReport(inspector) : undefined;
  const common = {
    api,
    controlPlane: await controlPlanePids(info.dir),
    kubeconfig: info.kubeconfig,
    agent: ctl.child,
    nodeName: OUR_NODE,
    tolerations: OUR_TOLERATIONS,
    concurrency: flags.concurrency,
  };
  await warmAgent(
    api,
    { ...common, label: 'ours', namespace: `${roundNamespace('ours', round)}-warm`, pods: flags.agentWarmup },
    progress,
  );
  const { report } = await measurePhase({
    ...common,
    label: 'ours',
    namespace: roundNamespace('ours', round),
    prefix: 'ours',
    pods: flags.pods,
    rate: flags.rate,
    scrapeAgent: ctl.scrape,
    onAllRunning: async () => {
      if (allocations) await allocations();
      if (flags.heapSnapshot) await reportHeap(ctl);
    },
    progress,
  });
  const cycles: CycleReading[] = [];
  for (let cycle = 1; cycle <= flags.cycles; cycle++) {
    await runLoad(api, {
      ...common,
      namespace: 'bench-ours',
      prefix: `cycle${cycle}`,
      pods: flags.pods,
      ratePerSecond: flags.rate,
    });
    await new Promise((r) => setTimeout(r, 2000));
    const rssBytes = (await readProcStats(ctl.child.pid)).rssBytes;
    const heapUsedBytes = inspector === undefined ? undefined : await liveHeapBytes(inspector);
    cycles.push({ cycle, rssBytes, heapUsedBytes });
    progress(`cycle ${cycle}: RSS ${(rssBytes / 2 ** 20).toFixed(1)} MiB`);
  }
  await ctl.child.stop();
  if (ctl.profileDir) {
    const { file, entries } = await summarizeProfile(ctl.profileDir);
    process.stdout.write(`controller CPU profile ${file}, top self time:\n${renderProfile(entries)}\n\n`);
  }
  return { report, cycles };
}

/** Samples allocations from now on; the returned function stops and prints what was sampled. */
async function startAllocationReport(inspector: string): Promise<() => Promise<void>> {
  const session = await openInspector(inspector);
  const stop = await sampleAllocations(session);
  progress('sampling what the controller allocates until all pods are Running');
  return async () => {
    const summary = topAllocations(await stop(), 25);
    session.close();
    process.stdout.write(
      `controller allocations until all Running, by function (garbage included):\n${renderAllocations(summary)}\n\n`,
    );
  };
}

async function reportHeap(ctl: RunningController): Promise<void> {
  progress('writing a heap snapshot of the controller');
  const file = await heapSnapshot(ctl);
  const summary = heapByConstructor(JSON.parse(await readFile(file, 'utf8')) as HeapSnapshot, 25);
  process.stdout.write(`controller heap at all Running (${file}), by self size:\n${renderHeap(summary)}\n\n`);
}

async function benchKwok(
  api: ApiClient,
  info: ClusterInfo,
  flags: BenchFlags,
  round: number,
): Promise<PhaseReport> {
  const install = await ensureKwok({ onProgress: progress });
  progress(`starting kwok ${install.version}`);
  const kwok = await startKwok(api, install, info.kubeconfig, info.paths.logs);
  cleanups.push(() => kwok.stop());
  await warmAgent(
    api,
    {
      label: 'kwok',
      namespace: `${roundNamespace('kwok', round)}-warm`,
      nodeName: KWOK_NODE,
      tolerations: KWOK_TOLERATIONS,
      pods: flags.agentWarmup,
      concurrency: flags.concurrency,
    },
    progress,
  );
  const { report } = await measurePhase({
    api,
    controlPlane: await controlPlanePids(info.dir),
    kubeconfig: info.kubeconfig,
    agent: kwok,
    label: 'kwok',
    nodeName: KWOK_NODE,
    tolerations: KWOK_TOLERATIONS,
    namespace: roundNamespace('kwok', round),
    prefix: 'kwok',
    pods: flags.pods,
    rate: flags.rate,
    concurrency: flags.concurrency,
    progress,
  });
  await kwok.stop();
  return report;
}

async function main(argv: string[]): Promise<void> {
  const flags = parseBenchFlags(argv);
  if (flags.help) {
    process.stdout.write(BENCH_HELP);
    return;
  }
  const dir = path.resolve(flags.dir);
  const info = await freshCluster(dir);
  const api = apiClient(info.kubeconfig, flags.concurrency + 4);
  cleanups.push(async () => api.close());
  await warmUp(api, flags.warmup, flags.concurrency, progress);
  if (flags.scenario !== 'single') {
    const context: ScenarioContext = {
      api,
      info,
      flags,
      cliPath,
      heap: withNodeFlags(await chartHeapSettings(chartValues), flags),
      progress,
      onCleanup: (step) => void cleanups.push(step),
    };
    if (flags.scenario === 'write-cost') return benchWriteCost(context);
    return flags.scenario === 'zones' ? benchZones(context) : benchThrottled(context);
  }
  const rounds: Round[] = [];
  let cycles: CycleReading[] = [];
  for (let round = 1; round <= flags.runs; round++) {
    const first = flags.skipKwok ? 'ours' : firstInRound(round);
    let kwok = first === 'kwok' ? await benchKwok(api, info, flags, round) : undefined;
    const ours = await benchOurs(api, info, flags, round);
    cycles = ours.cycles;
    if (first === 'ours' && !flags.skipKwok) kwok = await benchKwok(api, info, flags, round);
    rounds.push({ round, first, ours: ours.report, kwok });
    if (flags.runs > 1) process.stdout.write(`${roundLine(rounds[rounds.length - 1])}\n`);
  }
  const { ours, kwok } = medianRound(rounds);
  const admission = flags.skipAdmission
    ? undefined
    : await benchAdmission({ requests: 2000, concurrency: 16 });
  const report: BenchReport = { ours, kwok, cycles, admission };
  const heading = flags.runs > 1 ? `the round with the median ratio:\n` : '';
  process.stdout.write(`${heading}${renderTable(report)}\n\n${resultLine(report, roundsFields(rounds))}\n`);
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    progress(`${signal}: stopping what the benchmark started`);
    void runCleanups().finally(() => process.exit(130));
  });
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  // After a signal, the run fails because its cluster is being stopped: that is no news.
  if (!interrupted)
    process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await runCleanups();
}
