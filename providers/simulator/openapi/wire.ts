import type {
  ContainerGroupStatusRecord,
  EciContainerStateDetail,
  EciEvent,
  EciPodContainerStatus,
} from '../../eci-api/index.js';

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

export function eventToWire(event: EciEvent): Wire {
  const { Name, ...rest } = event;
  return { ...rest, ...(Name !== undefined ? { involvedObject: { Kind: 'Container', Name } } : {}) };
}
