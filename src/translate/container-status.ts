import type { V1Container, V1ContainerState, V1ContainerStatus } from '@kubernetes/client-node';
import {
  stateDetail,
  type ContainerStatusInfo,
  type EciContainerStateDetail,
  type EciPodContainerStatus,
} from '../../providers/eci-api/index.js';
import { compact } from './compact.js';

/** Kubernetes' exit code for a container whose end was not observed (128 + SIGKILL). */
export const UNKNOWN_EXIT_CODE = 137;

/** The kubelet's exit code for a container its runtime could not start (StartError). */
export const NOT_STARTED_EXIT_CODE = 128;

export function toDate(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export function containerId(groupId: string, name: string, reported: string | undefined): string {
  if (reported) return reported.includes('://') ? reported : `eci://${reported}`;
  return `eci://${groupId}/${name}`;
}

function toState(d: EciContainerStateDetail | undefined, id: string): V1ContainerState | undefined {
  if (d?.Running) return { running: compact({ startedAt: toDate(d.Running.StartedAt) }) };
  if (d?.Terminated) {
    const t = d.Terminated;
    return {
      terminated: compact({
        exitCode: t.ExitCode,
        signal: t.Signal,
        reason: t.Reason,
        message: t.Message,
        startedAt: toDate(t.StartedAt),
        finishedAt: toDate(t.FinishedAt),
        containerID: t.ContainerID ? containerId('', '', t.ContainerID) : id,
      }),
    };
  }
  if (d?.Waiting) return { waiting: compact({ reason: d.Waiting.Reason, message: d.Waiting.Message }) };
  return undefined;
}

/**
 * A container as DescribeContainerGroups shows it (CurrentState, PreviousState), in the status call's
 * shape: how init containers are known, since the status call reports app containers only.
 */
export function describedStatus(c: ContainerStatusInfo): EciPodContainerStatus {
  return {
    Name: c.Name,
    Image: c.Image,
    Ready: c.Ready,
    RestartCount: c.RestartCount,
    State: stateDetail(c.CurrentState),
    LastState: c.PreviousState ? stateDetail(c.PreviousState) : {},
  };
}

export interface ContainerStatusInput {
  spec: V1Container;
  info: EciPodContainerStatus | undefined;
  groupId: string;
  /** The group has ended: a container ECI does not report was never observed ending. */
  terminal: boolean;
  /** Readiness only counts while the group runs. */
  groupRunning: boolean;
  /** Why a container ECI does not report yet is waiting: ContainerCreating or PodInitializing. */
  waitingReason: string;
}

export function toContainerStatus({
  spec,
  info,
  groupId,
  terminal,
  groupRunning,
  waitingReason,
}: ContainerStatusInput): V1ContainerStatus {
  // The status model has a container ID only inside a Terminated state.
  const reportedId = info?.State.Terminated?.ContainerID ?? info?.LastState?.Terminated?.ContainerID;
  const id = containerId(groupId, spec.name, reportedId);
  let state = toState(info?.State, id);
  if (!state) {
    state = terminal
      ? {
          terminated: {
            exitCode: UNKNOWN_EXIT_CODE,
            reason: 'ContainerStatusUnknown',
            message: 'The container could not be located when the pod was terminated',
          },
        }
      : { waiting: { reason: waitingReason } };
  }
  const lastState = toState(info?.LastState, id) ?? {};
  const created = !!(state.running || state.terminated?.startedAt || lastState.terminated || reportedId);
  const running = state.running !== undefined;
  return compact({
    name: spec.name,
    image: info?.Image || spec.image || '',
    imageID: info?.ImageID ?? '',
    containerID: created ? id : undefined,
    ready: running && groupRunning && info?.Ready === true,
    started: running ? (info?.Started ?? (spec.startupProbe ? info?.Ready === true : true)) : false,
    restartCount: info?.RestartCount ?? 0,
    state,
    lastState,
  });
}

/** An init container that finished its job. */
export function completed(s: V1ContainerStatus): boolean {
  return s.state?.terminated?.exitCode === 0;
}

/** A container that has not started (waiting) or never will (terminated without starting). */
export function notStartedStatus(
  c: { name: string; image?: string },
  state: V1ContainerState,
): V1ContainerStatus {
  return {
    name: c.name,
    image: c.image ?? '',
    imageID: '',
    ready: false,
    restartCount: 0,
    started: false,
    state,
  };
}
