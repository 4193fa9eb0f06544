import type {
  Container,
  ContainerGroupStatusName,
  ContainerState,
  CreateContainerGroupRequest,
  EciEvent,
  Tag,
} from '../eci-api/index.js';
import type { Resolved } from './name-lookup.js';

/** One log line; `t` is the clock time (ms) it was written. Lines with `t` in the future are not yet visible. */
export interface LogLine {
  t: number;
  text: string;
}

/** An infinite `while true; do ...; done` body: lines repeat every `periodMs` from `startT`. */
export interface RepeatingLog {
  startT: number;
  periodMs: number;
  lines: { atMs: number; text: string }[];
  /** Clock time the instance stopped (killed or restarted); the loop wrote nothing after it. */
  stopT?: number;
}

export interface ContainerLog {
  lines: LogLine[];
  repeat?: RepeatingLog;
}

export interface SimContainer {
  name: string;
  init: boolean;
  spec: Container;
  /** ECI-shaped current state (`CurrentState` on the wire). */
  state: ContainerState;
  previous?: ContainerState;
  ready: boolean;
  /** Its startup and readiness probes' initial delays have passed (readiness then asks the probe: probes.ts). */
  readyDelayPassed?: boolean;
  started: boolean;
  /**
   * Its liveness probe's failures in a row while a probe is due (a `liveness` job); undefined when
   * none is: no liveness probe, or it passed and is asked again only when the group changes (probes.ts).
   */
  livenessFailures?: number;
  /** A `readiness` job is due: the container has just started, or its probe failed when last asked (probes.ts). */
  readinessReportDue?: true;
  restartCount: number;
  /** Bumped on every start; jobs carry it so a job for an old instance is ignored. */
  instance: number;
  containerId?: string;
  /** Terminated for good: will not be restarted under the group's RestartPolicy. */
  done: boolean;
  /** Has reached Running at least once since the group (re)started. */
  ran: boolean;
  /** Its start was begun (image pull) since the group (re)started: its launch priority's turn came. */
  launched?: boolean;
  pullFailures: number;
  /** When the running instance started (ms): its script's times count from it. */
  startedAtMs?: number;
  /** Paths its script looked for and did not find, while it runs without end: it is woken when one appears. */
  awaits?: string[];
  /** When those it was woken for appeared (ms), by path. */
  appearedAt?: Record<string, number>;
  /** Names its script looked up that the resolver is (again) to be asked for (lookups.ts). */
  awaitsNames?: string[];
  /** What the resolver answered for the names its script looked up, by name as the script wrote it. */
  names?: Record<string, NameRecord>;
  /** When its next `lookup` job is due: a job due at another time is a stale one. */
  nextLookupAt?: number;
  log: ContainerLog;
  previousLog?: ContainerLog;
}

/**
 * A name a script looked up: found (seen by the script from `since`), not found when last asked, or
 * refused (a zone the server does not serve: the script's lookup of it is not interpreted). A
 * connection key not found is `unanswered` when nothing answers it (no refusal: a timeout).
 */
export interface NameRecord {
  since: number;
  found?: Resolved;
  refused?: true;
  unanswered?: true;
}

export interface ConditionState {
  status: boolean;
  since: number;
  reason?: string;
  message?: string;
}

export interface SimGroup {
  id: string;
  name: string;
  /** The create request, with registry credentials, ClientToken and DryRun removed. */
  request: CreateContainerGroupRequest;
  regionId: string;
  zoneId: string;
  vSwitchId: string;
  securityGroupId: string;
  instanceType?: string;
  cpu: number;
  memory: number;
  ip: string;
  status: ContainerGroupStatusName;
  tags: Tag[];
  createdAt: number;
  scheduledAt?: number;
  runningAt?: number;
  finishedAt?: number;
  /** Bumped when a phase ends (terminating, restarting, updating, terminal); stale jobs are ignored. */
  epoch: number;
  /** Clock time of the last change to what a status record shows (SinceSecond). */
  changedAt: number;
  /** Set when the group will end as ScheduleFailed (no stock, noStock: 'scheduleFailed'). */
  scheduleFailure?: string;
  conditions: Record<string, ConditionState>;
  pulledImages: string[];
  /** Images the group's image cache holds: their pull is skipped (IfNotPresent) or short (Always). */
  cachedImages?: string[];
  events: EciEvent[];
  /** Files containers wrote into its EmptyDirVolumes, base64 by `<volume>/<path>` (empty-dirs.ts). */
  emptyDirFiles?: Record<string, string>;
  initContainers: SimContainer[];
  containers: SimContainer[];
}

export type JobType =
  | 'scheduled'
  | 'pulled'
  | 'pullBackOff'
  | 'pullRetry'
  | 'exited'
  | 'file'
  | 'lookup'
  | 'restart'
  | 'ready'
  | 'liveness'
  | 'readiness'
  | 'terminated'
  | 'postStartFailed'
  | 'preStopFailed'
  | 'stopped'
  | 'stopTier'
  | 'restarted'
  | 'expire'
  | 'deadline'
  | 'retention'
  | 'cachePrepared'
  | 'cachePulled'
  | 'cacheExpired'
  | 'dataCacheCreated'
  | 'dataCacheLoaded'
  | 'dataCacheExpired'
  | 'virtualNodeReady';

/** A due transition. Plain data, so the scheduler's queue can be saved with the groups. */
export interface Job {
  due: number;
  seq: number;
  type: JobType;
  groupId: string;
  epoch: number;
  container?: string;
  instance?: number;
  code?: number;
  /** A `file` job's change: what the container's script writes (or, without content, removes) then. */
  file?: FileChange;
}

export interface FileChange {
  path: string;
  content?: string;
  append?: boolean;
}

export function allContainers(g: SimGroup): SimContainer[] {
  return [...g.initContainers, ...g.containers];
}

export function findContainer(g: SimGroup, name: string | undefined): SimContainer | undefined {
  return g.containers.find((c) => c.name === name) ?? g.initContainers.find((c) => c.name === name);
}
