// Our controller as the benchmark runs it: a child process with the in-process ECI simulator at
// instant speed, its own ports, optionally under the V8 CPU profiler.
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { load as parseYaml } from 'js-yaml';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { httpGet } from '../test/cluster/http.js';
import { freePorts } from '../test/cluster/ports.js';
import type { ClusterInfo } from '../test/cluster/state.js';
import type { ApiClient } from './api.js';
import { assertAlive, spawnChild, type Child } from './child.js';
import { waitNodeReady } from './kube.js';
import type { Toleration } from './load.js';
import { parsePrometheus, type Sample } from './metrics.js';
import { topSelfTime, type CpuProfile, type SelfTime } from './profile.js';

/** The node the controller registers for the simulator's default region and vSwitch. */
export const OUR_NODE = 'virtual-kubelet-cn-hangzhou-b';
export const OUR_TOLERATIONS: Toleration[] = [
  { key: 'virtual-kubelet.io/provider', operator: 'Exists', effect: 'NoSchedule' },
];

/** How the controller's heap is set: V8 flags on node's command line, and settings in its environment. */
export interface HeapSettings {
  nodeFlags: string[];
  env: Record<string, string>;
}

/**
 * The heap settings the Helm chart gives the controller: `controller.maxHeapMiB` and
 * `controller.maxSemiSpaceMiB` as V8 flags (the chart's NODE_OPTIONS), `controller.heapGrowingPercent`
 * as HEAP_GROWING_PERCENT. The benchmark runs the controller as the chart deploys it: V8 sizes heap
 * growth and the young generation by them, so without them the same controller holds far more garbage.
 */
export async function chartHeapSettings(chartValuesFile: string): Promise<HeapSettings> {
  const values = parseYaml(await readFile(chartValuesFile, 'utf8')) as {
    controller?: Record<string, unknown>;
  };
  const number = (key: string): number => {
    const value = values.controller?.[key];
    if (typeof value !== 'number') throw new Error(`${chartValuesFile}: controller.${key} is not a number`);
    return value;
  };
  return {
    nodeFlags: [
      `--max-old-space-size=${number('maxHeapMiB')}`,
      `--max-semi-space-size=${number('maxSemiSpaceMiB')}`,
    ],
    env: { HEAP_GROWING_PERCENT: String(number('heapGrowingPercent')) },
  };
}

export interface RunningController {
  child: Child;
  scrape: () => Promise<Sample[]>;
  profileDir?: string;
  heapDir?: string;
}

export function controllerEnv(
  info: ClusterInfo,
  kubeletPort: number,
  metricsPort: number,
): Record<string, string> {
  return {
    KUBECONFIG: info.kubeconfig,
    ECI_BACKEND: 'simulator',
    // Instant container groups: what is measured is the controller, not simulated cloud delays.
    ECI_SIMULATOR_SPEED: '0',
    ALIYUN_CLUSTERID: info.clusterId,
    KUBELET_PORT: String(kubeletPort),
    KUBELET_ADDRESS: '127.0.0.1',
    METRICS_PORT: String(metricsPort),
  };
}

async function waitReadyz(url: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    await assertAlive(child);
    const res = await httpGet(url).catch(() => undefined);
    if (res?.status === 200) return;
    if (performance.now() > deadline)
      throw new Error(`${url} not ready after ${timeoutMs / 1000} s: see ${child.logFile}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface Diagnostics {
  /** The heap settings the chart sets (chartHeapSettings), with any --node-flags after its flags. */
  heap: HeapSettings;
  cpuProf: boolean;
  /** Open the V8 inspector on loopback (the leak check reads the live heap through it). */
  inspect: boolean;
  /** Let SIGUSR2 write a heap snapshot into DIR/heap. */
  heapSnapshot: boolean;
}

/** Other settings (zone nodes, replicas, the simulator's OpenAPI server) and the nodes to wait for. */
export interface ControllerSetup {
  env?: Record<string, string>;
  /** Nodes that must be Ready before the controller counts as started (default: OUR_NODE). */
  nodes?: string[];
  logName?: string;
}

export async function startController(
  api: ApiClient,
  info: ClusterInfo,
  cliPath: string,
  diag: Diagnostics,
  setup: ControllerSetup = {},
): Promise<RunningController> {
  const [kubeletPort, metricsPort] = await freePorts(2);
  const profileDir = diag.cpuProf ? path.join(info.dir, 'profiles') : undefined;
  const heapDir = diag.heapSnapshot ? path.join(info.dir, 'heap') : undefined;
  for (const dir of [profileDir, heapDir]) if (dir) await mkdir(dir, { recursive: true });
  const nodeArgs = [
    ...diag.heap.nodeFlags,
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    ...(diag.inspect ? ['--inspect=127.0.0.1:0'] : []),
    ...(heapDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapDir}`] : []),
  ];
  const child = await spawnChild(
    'controller',
    process.execPath,
    [...nodeArgs, cliPath, 'controller'],
    { ...controllerEnv(info, kubeletPort, metricsPort), ...diag.heap.env, ...setup.env },
    path.join(info.paths.logs, `${setup.logName ?? 'bench-controller'}.log`),
  );
  const base = `http://127.0.0.1:${metricsPort}`;
  try {
    await waitReadyz(`${base}/readyz`, child);
    for (const node of setup.nodes ?? [OUR_NODE]) await waitNodeReady(api, node, child);
  } catch (err) {
    await child.stop();
    throw err;
  }
  const scrape = async (): Promise<Sample[]> => {
    const res = await httpGet(`${base}/metrics`);
    if (res.status !== 200) throw new Error(`controller /metrics answered ${res.status}`);
    return parsePrometheus(res.body);
  };
  return { child, scrape, profileDir, heapDir };
}

/**
 * Signals the controller to write a heap snapshot and returns its file once written: V8 writes it
 * synchronously, so the controller answering /metrics again means the file is complete.
 */
export async function heapSnapshot(ctl: RunningController, timeoutMs = 300_000): Promise<string> {
  const dir = ctl.heapDir;
  if (dir === undefined) throw new Error('the controller was started without --heap-snapshot');
  const before = new Set(await readdir(dir));
  process.kill(ctl.child.pid, 'SIGUSR2');
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    await assertAlive(ctl.child);
    const fresh = (await readdir(dir)).find((f) => f.endsWith('.heapsnapshot') && !before.has(f));
    if (fresh !== undefined && (await ctl.scrape().catch(() => undefined))) return path.join(dir, fresh);
    if (performance.now() > deadline)
      throw new Error(`no heap snapshot in ${dir} after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The top self-time frames of the newest profile in `dir` (written when the controller exits). */
export async function summarizeProfile(
  dir: string,
  top = 20,
): Promise<{ file: string; entries: SelfTime[] }> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length === 0) throw new Error(`no .cpuprofile in ${dir}: did the controller exit cleanly?`);
  const withTimes = await Promise.all(
    files.map(async (f) => ({ f, t: (await stat(path.join(dir, f))).mtimeMs })),
  );
  const newest = path.join(dir, withTimes.sort((a, b) => b.t - a.t)[0].f);
  const profile = JSON.parse(await readFile(newest, 'utf8')) as CpuProfile;
  return { file: newest, entries: topSelfTime(profile, top) };
}
