// The zones and throttled scenarios of `npm run bench` (see --help): same load and measurement as
// the single-node run, other set-ups.
import { sleep } from '../src/kube/backoff.js';
import { performance } from 'node:perf_hooks';
import { ensureKwok } from '../test/cluster/kwok.js';
import type { ClusterInfo } from '../test/cluster/state.js';
import { zoneNodeName } from '../src/node/zones.js';
import type { ApiClient } from './api.js';
import type { Child } from './child.js';
import type { BenchFlags } from './flags.js';
import { controlPlanePids, waitNodeReady } from './kube.js';
import { KWOK_TOLERATIONS, startKwok } from './kwok.js';
import {
  OUR_NODE,
  OUR_TOLERATIONS,
  startController,
  type HeapSettings,
  type RunningController,
} from './ours.js';
import { measurePhase } from './phase.js';
import { startSimulatorServer } from './simulator.js';
import { renderTable } from './report.js';
import { podsWithThrottlingError, throttledLine, zonesLine } from './scenario-report.js';
import { warmAgent } from './warmup.js';

export interface ScenarioContext {
  api: ApiClient;
  info: ClusterInfo;
  flags: BenchFlags;
  cliPath: string;
  heap: HeapSettings;
  progress: (line: string) => void;
  /** Registers what must be stopped on the way out. */
  onCleanup: (step: () => Promise<void>) => void;
}

const NO_DIAGNOSTICS = { cpuProf: false, inspect: false, heapSnapshot: false };

/** Waits until every node's owner Lease is held and `owners` replicas share them. */
async function waitShared(api: ApiClient, nodes: string[], owners: number, agent: Child): Promise<void> {
  const deadline = performance.now() + 120_000;
  for (;;) {
    const holders = await Promise.all(
      nodes.map(async (node) => {
        const res = await api.request(
          'GET',
          `/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/ack-virtual-node-${node}`,
        );
        return res.status === 200
          ? ((JSON.parse(res.body) as { spec?: { holderIdentity?: string } }).spec?.holderIdentity ?? '')
          : '';
      }),
    );
    if (holders.every((h) => h !== '') && new Set(holders).size === owners) break;
    if (performance.now() > deadline)
      throw new Error(`the replicas do not share ${nodes.join(', ')}: holders ${holders.join(', ')}`);
    await sleep(500);
  }
  for (const node of nodes) await waitNodeReady(api, node, agent);
}

/**
 * `--zones` zones of `--nodes-per-zone` nodes each over `--replicas` replicas (each with its
 * in-process instant simulator: the nodes do not move during the run, so each node's groups stay in
 * its owner's simulator) against KWOK managing as many nodes, in the same run on the same control
 * plane.
 */
export async function benchZones(c: ScenarioContext): Promise<void> {
  const { api, flags, progress } = c;
  const letters = 'bcdefghijk'.slice(0, flags.zones).split('');
  const ourNodes = letters.flatMap((z) =>
    Array.from({ length: flags.nodesPerZone }, (_, i) => zoneNodeName('cn-hangzhou', `cn-hangzhou-${z}`, i)),
  );
  const env = {
    ECI_VSWITCH: letters.map((z) => `vsw-sim-${z}`).join(','),
    VKUBELET_NODES_PER_ZONE: String(flags.nodesPerZone),
    LEADER_ELECT: 'true',
    POD_NAMESPACE: 'kube-system',
  };
  const replicas: RunningController[] = [];
  for (let r = 0; r < flags.replicas; r++) {
    progress(`starting controller replica ${r + 1} of ${flags.replicas} for ${ourNodes.join(', ')}`);
    const ctl = await startController(
      api,
      c.info,
      c.cliPath,
      { heap: c.heap, ...NO_DIAGNOSTICS },
      {
        env,
        nodes: [],
        logName: `bench-controller-${r}`,
      },
    );
    c.onCleanup(() => ctl.child.stop());
    replicas.push(ctl);
  }
  const [first, ...others] = replicas.map((r) => r.child);
  if (first === undefined) throw new Error('--replicas must be at least 1');
  await waitShared(api, ourNodes, Math.min(flags.replicas, ourNodes.length), first);
  const controlPlane = await controlPlanePids(c.info.dir);
  const common = {
    api,
    controlPlane,
    kubeconfig: c.info.kubeconfig,
    pods: flags.pods,
    rate: flags.rate,
    concurrency: flags.concurrency,
    progress,
  };
  const oursWhere = { nodeName: ourNodes[0] ?? OUR_NODE, nodeNames: ourNodes, tolerations: OUR_TOLERATIONS };
  await warmAgent(
    api,
    {
      ...oursWhere,
      label: 'ours',
      namespace: 'bench-zones-ours-warm',
      pods: flags.agentWarmup,
      concurrency: flags.concurrency,
    },
    progress,
  );
  const { report: ours } = await measurePhase({
    ...common,
    ...oursWhere,
    agent: first,
    moreAgents: others,
    // Every replica's ECI calls, summed.
    scrapeAgent: async () => (await Promise.all(replicas.map((r) => r.scrape()))).flat(),
    label: 'ours',
    namespace: 'bench-zones-ours',
    prefix: 'zours',
  });
  for (const r of replicas) await r.child.stop();

  const install = await ensureKwok({ onProgress: progress });
  const kwokNodes = ourNodes.map((_, i) => `kwok-bench-node-${i}`);
  const kwok = await startKwok(api, install, c.info.kubeconfig, c.info.paths.logs, kwokNodes);
  c.onCleanup(() => kwok.stop());
  const kwokWhere = { nodeName: kwokNodes[0] ?? '', nodeNames: kwokNodes, tolerations: KWOK_TOLERATIONS };
  await warmAgent(
    api,
    {
      ...kwokWhere,
      label: 'kwok',
      namespace: 'bench-zones-kwok-warm',
      pods: flags.agentWarmup,
      concurrency: flags.concurrency,
    },
    progress,
  );
  const { report: theirs } = await measurePhase({
    ...common,
    ...kwokWhere,
    agent: kwok,
    label: 'kwok',
    namespace: 'bench-zones-kwok',
    prefix: 'zkwok',
  });
  await kwok.stop();
  process.stdout.write(
    `${renderTable({ ours, kwok: theirs, cycles: [] })}\n\n${zonesLine(ours, theirs, flags.zones, flags.replicas, flags.nodesPerZone)}\n`,
  );
}

/**
 * One node against ECI's quotas: the controller reaches the simulator through the official SDK
 * (ECI_BACKEND=alibaba), whose client-side limits meet the server's flow control.
 */
export async function benchThrottled(c: ScenarioContext): Promise<void> {
  const { api, flags, progress } = c;
  const simulator = await startSimulatorServer(c.info, c.cliPath, { throttle: true });
  c.onCleanup(() => simulator.child.stop());
  progress(`starting our controller against ${simulator.env.ECI_ENDPOINT} (create/delete burst 100, 20/s)`);
  const ctl = await startController(
    api,
    c.info,
    c.cliPath,
    { heap: c.heap, ...NO_DIAGNOSTICS },
    {
      env: simulator.env,
      logName: 'bench-controller-throttled',
    },
  );
  c.onCleanup(() => ctl.child.stop());
  const namespace = 'bench-throttled';
  const { report } = await measurePhase({
    api,
    controlPlane: await controlPlanePids(c.info.dir),
    kubeconfig: c.info.kubeconfig,
    agent: ctl.child,
    label: 'ours',
    nodeName: OUR_NODE,
    tolerations: OUR_TOLERATIONS,
    namespace,
    prefix: 'throttled',
    pods: flags.pods,
    rate: flags.rate,
    concurrency: flags.concurrency,
    scrapeAgent: ctl.scrape,
    progress,
  });
  const events = await api.json<{ items: Parameters<typeof podsWithThrottlingError>[0][number][] }>(
    'GET',
    `/api/v1/namespaces/${namespace}/events`,
  );
  await ctl.child.stop();
  process.stdout.write(`${throttledLine(report, podsWithThrottlingError(events.items, 'throttled'))}\n`);
}
