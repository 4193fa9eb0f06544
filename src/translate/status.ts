import type {
  V1Container,
  V1ContainerStatus,
  V1Pod,
  V1PodCondition,
  V1PodStatus,
} from '@kubernetes/client-node';
import type {
  ContainerGroupStatusName,
  ContainerGroupStatusRecord,
  ContainerStatusInfo,
  EciEvent,
} from '../../providers/eci-api/index.js';
import { POD_PHASE } from '../../providers/eci-api/index.js';
import { compact } from './compact.js';
import { completed, describedStatus, toContainerStatus, toDate } from './container-status.js';
import { ephemeralContainerStatuses } from './ephemeral.js';
import { qosClass } from './qos.js';
import { isSidecar } from './sidecars.js';

/** ECI docs §4: the group status decides the phase, whatever PodStatus.Phase in the record says. */
export const PHASE = POD_PHASE;

export const CONDITION = {
  scheduled: 'PodScheduled',
  readyToStart: 'PodReadyToStartContainers',
  instanceCreated: 'ContainerInstanceCreated',
  initialized: 'Initialized',
  containersReady: 'ContainersReady',
  ready: 'Ready',
} as const;
const OWNED: ReadonlySet<string> = new Set(Object.values(CONDITION));
const SANDBOX_UP: ReadonlySet<ContainerGroupStatusName> = new Set([
  'Pending',
  'Running',
  'Restarting',
  'Updating',
  'Terminating',
]);
const NOT_CREATED: ReadonlySet<ContainerGroupStatusName> = new Set(['Scheduling', 'ScheduleFailed']);

type Cond = Omit<V1PodCondition, 'lastTransitionTime'>;

function cond(type: string, ok: boolean, reason?: string, message?: string): Cond {
  return compact({
    type,
    status: ok ? 'True' : 'False',
    reason: ok ? undefined : reason,
    message: ok ? undefined : message,
  });
}

/** Whether the pod has been active longer than its spec.activeDeadlineSeconds. */
function deadlinePassed(pod: V1Pod, startTime: Date | string, now: Date): boolean {
  const seconds = pod.spec?.activeDeadlineSeconds;
  if (seconds === undefined) return false;
  const started = startTime instanceof Date ? startTime.getTime() : Date.parse(startTime);
  return now.getTime() - started >= seconds * 1000;
}

function names(list: V1ContainerStatus[]): string {
  return `[${list.map((s) => s.name).join(' ')}]`;
}

/** Whether any app container of the group has started: its init containers are then all done. */
export function appContainersBegan(record: ContainerGroupStatusRecord): boolean {
  return (record.PodStatus?.ContainerStatuses ?? []).some(
    (s) => s.State.Running || s.State.Terminated || s.LastState?.Terminated,
  );
}

/**
 * The newest ECI status of a group → the pod status Kubernetes users see (phase, conditions,
 * containers, IPs). `capacityEvent` is the newest DescribeContainerGroupEvents event saying why the
 * group is not created yet (NoStock...): the status call itself carries no events.
 */
export function toPodStatus(
  pod: V1Pod,
  record: ContainerGroupStatusRecord,
  now: Date,
  capacityEvent?: EciEvent,
  /** The init containers as DescribeContainerGroups last showed them, while the pod initializes. */
  initContainers?: readonly ContainerStatusInfo[],
): V1PodStatus {
  const current = pod.status ?? {};
  const eci = record.PodStatus ?? { Phase: '', Conditions: [], ContainerStatuses: [] };
  const status = record.Status;
  const terminalNow = current.phase === 'Succeeded' || current.phase === 'Failed';
  // A pod never leaves Succeeded/Failed (the API server rejects it), whatever ECI says later.
  const phase = terminalNow ? (current.phase as string) : PHASE[status];
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const groupRunning = status === 'Running' || status === 'Terminating';
  const id = record.ContainerGroupId;

  const initSpecs = pod.spec?.initContainers ?? [];
  const initStatuses: V1ContainerStatus[] = [];
  // The status call reports app containers only; they start after every init container exited 0.
  const appsBegan = appContainersBegan(record);
  // An init container is done once it exited 0; a native sidecar (an ECI container), once it started.
  const initialized = (s: V1ContainerStatus, i: number): boolean =>
    isSidecar(initSpecs[i]) ? s.started === true : completed(s);
  // A container the status call reports: the app containers and the native sidecars.
  const reported = (spec: V1Container, waitingReason: string): V1ContainerStatus =>
    toContainerStatus({
      spec,
      info: eci.ContainerStatuses?.find((s) => s.Name === spec.name),
      groupId: id,
      terminal,
      groupRunning,
      waitingReason,
    });
  for (const spec of initSpecs) {
    const earlierDone = initStatuses.every(initialized);
    if (isSidecar(spec)) {
      initStatuses.push(reported(spec, earlierDone ? 'ContainerCreating' : 'PodInitializing'));
      continue;
    }
    // Once the apps began, an init container's last describe counts only if it showed it ended.
    const seen = initContainers?.find((c) => c.Name === spec.name);
    const described = seen && (!appsBegan || seen.CurrentState.State === 'Terminated');
    const info = described
      ? describedStatus(seen)
      : appsBegan
        ? {
            Name: spec.name,
            Ready: false,
            RestartCount: seen?.RestartCount ?? 0,
            State: { Terminated: { ExitCode: 0, Reason: 'Completed' } },
          }
        : undefined;
    initStatuses.push(
      toContainerStatus({
        spec,
        info,
        groupId: id,
        terminal,
        groupRunning: false,
        waitingReason: earlierDone ? 'ContainerCreating' : 'PodInitializing',
      }),
    );
  }
  const initsDone = initStatuses.every(initialized);
  const appStatuses = (pod.spec?.containers ?? []).map((spec) =>
    reported(spec, initsDone ? 'ContainerCreating' : 'PodInitializing'),
  );
  const appsStarted = appStatuses.some(
    (s) => s.state?.running || s.state?.terminated || s.lastState?.terminated,
  );

  const eciCreated = eci.Conditions?.find((c) => c.Type === CONDITION.instanceCreated);
  const created = !NOT_CREATED.has(status);
  // Sidecars count for readiness as the kubelet counts them.
  const unready = [...initStatuses.filter((_, i) => isSidecar(initSpecs[i])), ...appStatuses].filter(
    (s) => !s.ready,
  );
  const pending = initStatuses.filter((s, i) => !initialized(s, i));
  const doneReason = phase === 'Succeeded' ? 'PodCompleted' : phase === 'Failed' ? 'PodFailed' : undefined;
  const containersReady = cond(
    CONDITION.containersReady,
    unready.length === 0 && !terminal,
    doneReason ?? 'ContainersNotReady',
    doneReason ? undefined : `containers with unready status: ${names(unready)}`,
  );

  let ready = cond(
    CONDITION.ready,
    containersReady.status === 'True',
    containersReady.reason,
    containersReady.message,
  );
  if (ready.status === 'True') {
    for (const gate of pod.spec?.readinessGates ?? []) {
      const c = current.conditions?.find((x) => x.type === gate.conditionType);
      if (c?.status !== 'True') {
        ready = cond(
          CONDITION.ready,
          false,
          'ReadinessGatesNotReady',
          c
            ? `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`
            : `corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`,
        );
        break;
      }
    }
  }

  const owned: Cond[] = [
    cond(CONDITION.scheduled, true),
    cond(
      CONDITION.instanceCreated,
      created,
      eciCreated?.Reason ??
        capacityEvent?.Reason ??
        (status === 'ScheduleFailed' ? 'FailedScheduling' : 'Creating'),
      eciCreated?.Message ?? capacityEvent?.Message,
    ),
    cond(CONDITION.readyToStart, SANDBOX_UP.has(status)),
    cond(
      CONDITION.initialized,
      pending.length === 0 || appsStarted,
      'ContainersNotInitialized',
      `containers with incomplete status: ${names(pending)}`,
    ),
    containersReady,
    ready,
  ];
  const conditions: V1PodCondition[] = owned.map((c) => {
    const before = current.conditions?.find((x) => x.type === c.type);
    const fromEci = toDate(
      eci.Conditions?.find((x) => x.Type === c.type && x.Status === c.status)?.LastTransitionTime,
    );
    const since =
      before?.status === c.status && before.lastTransitionTime ? before.lastTransitionTime : (fromEci ?? now);
    return { ...c, lastTransitionTime: since instanceof Date ? since : new Date(since) };
  });
  conditions.push(...(current.conditions ?? []).filter((c) => !OWNED.has(c.type)));

  const startTime = current.startTime ?? toDate(eci.StartTime) ?? now;
  let reason: string | undefined;
  let message: string | undefined;
  if (status === 'Failed' && deadlinePassed(pod, startTime, now)) {
    // ECI ended the group at spec.activeDeadlineSeconds: the kubelet's reason and message.
    reason = 'DeadlineExceeded';
    message = 'Pod was active on the node longer than the specified deadline';
  } else if (status === 'ScheduleFailed') {
    reason = capacityEvent?.Reason ?? 'ScheduleFailed';
    message = capacityEvent?.Message ?? `ECI found no capacity for container group ${id}`;
  } else if (status === 'Expired') {
    reason = 'Expired';
    message = `The spot ECI instance ${id} was reclaimed`;
  }
  if (terminalNow) {
    reason = current.reason;
    message = current.message;
  }

  const podIP = eci.PodIp || current.podIP;
  const hostIP = eci.HostIp || podIP;
  return compact({
    phase,
    reason,
    message,
    conditions,
    hostIP,
    hostIPs: hostIP ? [{ ip: hostIP }] : undefined,
    podIP,
    podIPs: podIP ? [{ ip: podIP }] : undefined,
    startTime: startTime instanceof Date ? startTime : toDate(startTime),
    initContainerStatuses: initStatuses.length ? initStatuses : undefined,
    containerStatuses: appStatuses,
    ephemeralContainerStatuses: ephemeralContainerStatuses(pod, now),
    // Immutable once set; the API server computed it from the spec, and so do we when it is absent.
    qosClass: current.qosClass ?? qosClass(pod),
  });
}
