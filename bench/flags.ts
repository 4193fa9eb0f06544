// Command-line flags of `npm run bench`. Pure.

export type BenchScenario = 'single' | 'zones' | 'throttled' | 'write-cost';
const SCENARIOS: readonly BenchScenario[] = ['single', 'zones', 'throttled', 'write-cost'];
/** Where the single-node run's ECI is: in the controller's process, or the simulator's OpenAPI server. */
export type BenchEci = 'inline' | 'remote';
const ECI_PLACES: readonly BenchEci[] = ['inline', 'remote'];

export interface BenchFlags {
  scenario: BenchScenario;
  eci: BenchEci;
  pods: number;
  /** zones: zones (one vSwitch each) and controller replicas sharing their nodes. */
  zones: number;
  /** zones: nodes per zone (VKUBELET_NODES_PER_ZONE), KWOK managing as many nodes in all. */
  nodesPerZone: number;
  replicas: number;
  /** Pods created per second; undefined: unlimited (bounded by `concurrency`). */
  rate?: number;
  concurrency: number;
  /** Pods created and deleted on no node before the first measured run. */
  warmup: number;
  /** Pods run on each agent's own node(s) before its measured phase. */
  agentWarmup: number;
  dir: string;
  skipKwok: boolean;
  skipAdmission: boolean;
  cycles: number;
  /** single: how many times the comparison runs, alternating which agent goes first. */
  runs: number;
  cpuProf: boolean;
  heapSnapshot: boolean;
  /** Sample what the controller allocates (garbage included) until all pods are Running. */
  allocProfile: boolean;
  /** Node and V8 flags given to our controller after the chart's (an experiment: `--heap-growing-percent=20`). */
  nodeFlags: string[];
  help: boolean;
}

export const BENCH_HELP = `Usage: npm run bench -- [flags]   (or: node dist/bench/run.js [flags])

Starts a local control plane in DIR, runs N pods on our virtual node (in-process ECI simulator,
instant), then the same on a KWOK node, and prints a table and one RESULT line.

  --scenario S      single (default): one node, ours then KWOK, as above;
                    zones: --zones zone nodes served by --replicas controller replicas (one Lease
                    per node) against KWOK managing as many nodes, pods spread evenly; prints the
                    all-Running and all-deleted ratios (ours / KWOK);
                    throttled: one node on the simulator's OpenAPI server with ECI's flow control
                    on (create/delete burst 100, 20/s); prints the all-Running time against the
                    floor (N - 100) / 20 s and the pods that showed a throttling error;
                    write-cost: no agent; N pods bound to a node nobody serves get the same
                    Running status written each way (strategic merge answered with the metadata
                    only, as the controller sends it; answered in full; JSON merge patch; PUT),
                    a fresh batch per way; prints the API server's and etcd's CPU per write
  --eci E           where the single run's ECI is: inline (default), the simulator in the
                    controller's process; remote, the simulator's OpenAPI server in a process of its
                    own reached through the official SDK (ECI's flow control off on both sides:
                    ECI_CREATE_QPS raised as for an account with a raised quota), as the controller
                    runs against the cloud: its RSS and CPU are then the controller's alone
  --zones Z         zones for --scenario zones, one vSwitch each (default 3)
  --nodes-per-zone P
                    nodes per zone for --scenario zones (VKUBELET_NODES_PER_ZONE, default 1):
                    Z x P nodes shared by the replicas, KWOK managing as many
  --replicas R      controller replicas for --scenario zones (default 2)
  --pods N          pods per run (default 1000)
  --rate R          pods created per second (default: unlimited, --concurrency requests in flight)
  --concurrency C   API requests in flight when creating and deleting (default 32)
  --warmup W        before the first measured run, W pods bound to no agent's node are created
                    and deleted, so both runs meet a warm control plane (default 1000; 0: none)
  --agent-warmup A
                    single and zones: before each measured phase, A pods on that agent's own
                    node(s), Running then deleted, unmeasured: the agents meet the burst warmed
                    up, as a long-running controller would (V8 compiles our hot paths as they
                    are used; KWOK is compiled ahead of time); default 0: they meet it fresh
  --dir DIR         the benchmark's cluster directory (default .cluster/bench)
  --skip-kwok       only our controller (no KWOK build or run)
  --skip-admission  do not run the admission webhook benchmark
  --runs N          the single comparison N times (default 1), ours first in odd rounds and KWOK
                    first in even ones, so neither always meets the control plane the warmer;
                    prints a ROUND line per round, then the table and RESULT line of the round
                    whose ratio is the median, with runs=N and every round's ratio
  --cycles N        leak check: N more create/delete cycles on our controller; after each, RSS
                    and the live heap after a GC forced through a loopback inspector
  --cpu-prof        run the controller under node --cpu-prof (profile in DIR/profiles) and print
                    its top self-time functions
  --node-flags "F ..."
                    more Node or V8 flags for our controller, after the chart's heap flags (which
                    they can override): to measure a setting before the chart takes it, e.g.
                    --node-flags "--heap-growing-percent=20"
  --alloc-profile   from the controller's start until all pods are Running, sample what it
                    allocates, the garbage included, through a loopback inspector (V8's sampling
                    heap profiler), and print the total and the functions that allocate most:
                    what makes the garbage collector run
  --heap-snapshot   once all pods are Running, write a heap snapshot of the controller (in
                    DIR/heap) and print its biggest constructors; the deletion figures then
                    include the pause the snapshot takes, and the peak RSS the memory V8 uses
                    to write it (hundreds of MiB at 10,000 pods)
  --help            this text
`;

const LIMITS = {
  '--pods': [1, 100_000],
  '--rate': [0.1, 100_000],
  '--concurrency': [1, 256],
  '--cycles': [0, 100],
  '--runs': [1, 20],
  '--warmup': [0, 100_000],
  '--agent-warmup': [0, 100_000],
  '--zones': [1, 10],
  '--nodes-per-zone': [1, 20],
  '--replicas': [1, 10],
} as const;

type NumericFlag = keyof typeof LIMITS;

function numeric(flag: NumericFlag, raw: string | undefined): number {
  const [min, max] = LIMITS[flag];
  const value = Number(raw);
  const whole = flag !== '--rate';
  if (
    raw === undefined ||
    raw === '' ||
    !Number.isFinite(value) ||
    (whole && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    throw new Error(
      `${flag} is "${raw ?? ''}": use ${whole ? 'a whole number' : 'a number'} from ${min} to ${max}, e.g. ${flag} ${flag === '--cycles' ? 3 : 100}`,
    );
  }
  return value;
}

export function parseBenchFlags(argv: readonly string[]): BenchFlags {
  const flags: BenchFlags = {
    scenario: 'single',
    eci: 'inline',
    pods: 1000,
    zones: 3,
    nodesPerZone: 1,
    replicas: 2,
    concurrency: 32,
    warmup: 1000,
    agentWarmup: 0,
    dir: '.cluster/bench',
    skipKwok: false,
    skipAdmission: false,
    cycles: 0,
    runs: 1,
    cpuProf: false,
    heapSnapshot: false,
    allocProfile: false,
    nodeFlags: [],
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : argv[++i]);
    switch (name) {
      case '--pods':
        flags.pods = numeric(name, value());
        break;
      case '--rate':
        flags.rate = numeric(name, value());
        break;
      case '--concurrency':
        flags.concurrency = numeric(name, value());
        break;
      case '--cycles':
        flags.cycles = numeric(name, value());
        break;
      case '--warmup':
        flags.warmup = numeric(name, value());
        break;
      case '--agent-warmup':
        flags.agentWarmup = numeric(name, value());
        break;
      case '--runs':
        flags.runs = numeric(name, value());
        break;
      case '--nodes-per-zone':
        flags.nodesPerZone = numeric(name, value());
        break;
      case '--zones':
      case '--replicas':
        flags[name === '--zones' ? 'zones' : 'replicas'] = numeric(name, value());
        break;
      case '--scenario': {
        const scenario = value();
        if (!SCENARIOS.includes(scenario as BenchScenario))
          throw new Error(`--scenario is "${scenario ?? ''}": use one of ${SCENARIOS.join(', ')}`);
        flags.scenario = scenario as BenchScenario;
        break;
      }
      case '--eci': {
        const eci = value();
        if (!ECI_PLACES.includes(eci as BenchEci))
          throw new Error(`--eci is "${eci ?? ''}": use one of ${ECI_PLACES.join(', ')}`);
        flags.eci = eci as BenchEci;
        break;
      }
      case '--dir': {
        const dir = value();
        if (!dir || dir.startsWith('--'))
          throw new Error(`--dir needs a directory, e.g. --dir .cluster/bench`);
        flags.dir = dir;
        break;
      }
      case '--skip-kwok':
        flags.skipKwok = true;
        break;
      case '--skip-admission':
        flags.skipAdmission = true;
        break;
      case '--cpu-prof':
        flags.cpuProf = true;
        break;
      case '--heap-snapshot':
        flags.heapSnapshot = true;
        break;
      case '--alloc-profile':
        flags.allocProfile = true;
        break;
      case '--node-flags': {
        const given = (value() ?? '').split(/\s+/).filter(Boolean);
        const bad = given.find((f) => !f.startsWith('--'));
        if (given.length === 0 || bad !== undefined)
          throw new Error(
            `--node-flags is "${given.join(' ')}": give Node or V8 flags, each starting with --, e.g. --node-flags "--heap-growing-percent=20"`,
          );
        flags.nodeFlags.push(...given);
        break;
      }
      case '--help':
      case '-h':
        flags.help = true;
        break;
      default:
        throw new Error(`unknown flag "${arg}": run with --help for the list`);
    }
  }
  refuseRepeatedDiagnostics(flags);
  return flags;
}

/** --runs repeats the single comparison; the diagnostics look into one run of the controller. */
function refuseRepeatedDiagnostics(flags: BenchFlags): void {
  if (flags.runs === 1) return;
  if (flags.scenario !== 'single')
    throw new Error(
      `--runs ${flags.runs} repeats the single scenario only: drop --runs for --scenario ${flags.scenario}`,
    );
  const diagnostics = [
    flags.cycles > 0 && '--cycles',
    flags.cpuProf && '--cpu-prof',
    flags.heapSnapshot && '--heap-snapshot',
    flags.allocProfile && '--alloc-profile',
  ].filter((d): d is string => d !== false);
  if (diagnostics.length > 0)
    throw new Error(
      `--runs ${flags.runs} cannot be combined with ${diagnostics.join(', ')}, which look into one run: drop one of them`,
    );
}
