import type {
  ContainerGroupEvents,
  ContainerGroupStatusRecord,
  EciContainerStateDetail,
  EciEvent,
  EciPodContainerStatus,
} from '../../eci-api/index.js';
import { digest } from '../random.js';

/**
 * Where ECI's wire names differ from providers/eci-api. DescribeContainerGroupStatus returns pod
 * conditions with Kubernetes' lower-case keys (`type`, `status`, `lastTransitionTime`) and a running
 * state's start as `StartedAtstartedAt` (the SDK's response model says both); DescribeContainerGroupEvents
 * returns Kubernetes-shaped events whose subject is `involvedObject`. Records are built field by
 * field, never spread, so nothing the model lacks can slip onto the wire.
 */

type Wire = Record<string, unknown>;

function stateToWire(d: EciContainerStateDetail): Wire {
  return {
    ...(d.Running ? { Running: { StartedAtstartedAt: d.Running.StartedAt } } : {}),
    ...(d.Waiting ? { Waiting: { Reason: d.Waiting.Reason, Message: d.Waiting.Message } } : {}),
    ...(d.Terminated ? { Terminated: { ...d.Terminated } } : {}),
  };
}

function containerStatusToWire(c: EciPodContainerStatus): Wire {
  return {
    Name: c.Name,
    Image: c.Image,
    ImageID: c.ImageID,
    Ready: c.Ready,
    Started: c.Started,
    RestartCount: c.RestartCount,
    State: stateToWire(c.State),
    ...(c.LastState ? { LastState: stateToWire(c.LastState) } : {}),
  };
}

export function statusRecordToWire(record: ContainerGroupStatusRecord): Wire {
  const p = record.PodStatus;
  return {
    ContainerGroupId: record.ContainerGroupId,
    Name: record.Name,
    Namespace: record.Namespace,
    Status: record.Status,
    uuid: record.uuid,
    Annotations: record.Annotations,
    PodStatus: {
      Phase: p.Phase,
      Conditions: p.Conditions.map((c) => ({
        type: c.Type,
        status: c.Status,
        Reason: c.Reason,
        Message: c.Message,
        lastTransitionTime: c.LastTransitionTime,
      })),
      ContainerStatuses: p.ContainerStatuses.map(containerStatusToWire),
      PodIp: p.PodIp,
      PodIps: p.PodIps?.map((ip) => ({ Ip: ip.Ip })),
      HostIp: p.HostIp,
      StartTime: p.StartTime,
      QosClass: p.QosClass,
    },
  };
}

/**
 * Who reports an event, in the values of the action's `EventSource` filter: the agent running the
 * pod's containers (K8sAgent: pulls, starts, back-offs, kills) or ECI itself (EciService: stock,
 * spot reclaim, deadline), which are exactly the events without a container.
 */
export function eventSource(event: EciEvent): 'K8sAgent' | 'EciService' {
  return event.Name === undefined ? 'EciService' : 'K8sAgent';
}

/**
 * A Kubernetes-shaped event: named `<pod>.<16 hex>` in the pod's namespace as Kubernetes names
 * events; about one container (`Kind: Container`) or the pod itself.
 */
export function eventToWire(event: EciEvent, group: ContainerGroupEvents): Wire {
  const source = eventSource(event);
  const pod = group.Name ?? group.ContainerGroupId;
  const id = digest('event', group.ContainerGroupId, event.Reason, event.Name ?? '', event.FirstTimestamp);
  return {
    Type: event.Type,
    Reason: event.Reason,
    Message: event.Message,
    Count: event.Count,
    FirstTimestamp: event.FirstTimestamp,
    LastTimestamp: event.LastTimestamp,
    Metadata: { Name: `${pod}.${id.slice(0, 16)}`, Namespace: group.Namespace },
    Source: { Component: source },
    ReportingComponent: source,
    involvedObject:
      event.Name !== undefined
        ? { Kind: 'Container', Name: event.Name, Namespace: group.Namespace }
        : { ApiVersion: 'v1', Kind: 'Pod', Name: pod, Namespace: group.Namespace, Uid: group.uuid },
  };
}

export function groupEventsToWire(group: ContainerGroupEvents, events: EciEvent[]): Wire {
  return {
    ContainerGroupId: group.ContainerGroupId,
    Name: group.Name,
    Namespace: group.Namespace,
    uuid: group.uuid,
    Annotations: group.Annotations,
    Events: events.map((e) => eventToWire(e, group)),
  };
}
