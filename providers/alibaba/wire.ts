import type { ContainerGroupMetrics, MetricRecord } from '../backend.js';
import type {
  ContainerGroup,
  ContainerGroupEvents,
  ContainerGroupStatusRecord,
  EciContainerStateDetail,
  EciEvent,
  EciPodContainerStatus,
  EciPodStatus,
} from '../eci-api/index.js';

/**
 * ECI response bodies → providers/eci-api. Read from the raw JSON, field by field, under exactly the
 * wire names of the action's SDK response model and nothing else: the real API sends no field its
 * model lacks, so a reader leaning on one would work against the simulator and silently read nothing
 * on ECI (test/unit/alibaba/reads-model.test.ts records every read and walks it against the models).
 * Where the model's spelling differs from providers/eci-api: status conditions use lower-case `type`,
 * `status`, `lastTransitionTime`; a running state's start is `StartedAtstartedAt`; an event of
 * DescribeContainerGroups names its container `Name`, one of DescribeContainerGroupEvents names its
 * subject `involvedObject`.
 */

type Json = Record<string, unknown>;

export function obj(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}

export function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** A string that says something: '' and non-strings are undefined. */
export function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number'
    ? v
    : typeof v === 'string' && v !== '' && !Number.isNaN(Number(v))
      ? Number(v)
      : undefined;
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function stateDetail(raw: unknown): EciContainerStateDetail | undefined {
  if (raw === undefined || raw === null) return undefined;
  const s = obj(raw);
  const detail: EciContainerStateDetail = {};
  if (s.Running !== undefined) {
    const r = obj(s.Running);
    detail.Running = defined({ StartedAt: str(r.StartedAtstartedAt) });
  }
  if (s.Waiting !== undefined) {
    const w = obj(s.Waiting);
    detail.Waiting = defined({ Reason: str(w.Reason), Message: str(w.Message) });
  }
  if (s.Terminated !== undefined) {
    const t = obj(s.Terminated);
    detail.Terminated = defined({
      ExitCode: num(t.ExitCode) ?? 0,
      Reason: str(t.Reason),
      Message: str(t.Message),
      Signal: num(t.Signal),
      StartedAt: str(t.StartedAt),
      FinishedAt: str(t.FinishedAt),
      ContainerID: str(t.ContainerID),
    });
  }
  return detail;
}

/** Only the model's fields are kept: whatever else a response carries never reaches the controller. */
function containerStatus(raw: unknown): EciPodContainerStatus {
  const c = obj(raw);
  return defined({
    Name: str(c.Name) ?? '',
    Image: str(c.Image),
    ImageID: str(c.ImageID),
    Ready: c.Ready === true,
    Started: typeof c.Started === 'boolean' ? c.Started : undefined,
    RestartCount: num(c.RestartCount) ?? 0,
    State: stateDetail(c.State) ?? {},
    LastState: stateDetail(c.LastState),
  });
}

function podStatus(raw: unknown): EciPodStatus {
  const p = obj(raw);
  const podIps = list(p.PodIps).flatMap((ip) => {
    const address = str(obj(ip).Ip);
    return address === undefined ? [] : [{ Ip: address }];
  });
  return defined({
    Phase: str(p.Phase) ?? '',
    Conditions: list(p.Conditions).map((rawCondition) => {
      const c = obj(rawCondition);
      return defined({
        Type: str(c.type) ?? '',
        Status: str(c.status) ?? '',
        Reason: str(c.Reason),
        Message: str(c.Message),
        LastTransitionTime: str(c.lastTransitionTime),
      });
    }),
    ContainerStatuses: list(p.ContainerStatuses).map(containerStatus),
    PodIp: str(p.PodIp),
    PodIps: p.PodIps === undefined ? undefined : podIps,
    HostIp: str(p.HostIp),
    StartTime: str(p.StartTime),
    QosClass: str(p.QosClass),
  });
}

export function toStatusRecord(raw: unknown): ContainerGroupStatusRecord {
  const r = obj(raw);
  return defined({
    ContainerGroupId: str(r.ContainerGroupId) ?? '',
    Name: str(r.Name) ?? '',
    Namespace: str(r.Namespace),
    Status: str(r.Status),
    uuid: str(r.uuid),
    Annotations: str(r.Annotations),
    PodStatus: podStatus(r.PodStatus),
  }) as ContainerGroupStatusRecord;
}

/** What both event models say alike, under the same wire names. */
function eventCommon(e: Json): EciEvent {
  return {
    Type: str(e.Type) === 'Warning' ? 'Warning' : 'Normal',
    Reason: str(e.Reason) ?? '',
    Message: str(e.Message) ?? '',
    Count: num(e.Count) ?? 1,
    FirstTimestamp: str(e.FirstTimestamp) ?? '',
    LastTimestamp: str(e.LastTimestamp) ?? '',
  };
}

/** An event of DescribeContainerGroupEvents: about a container, or (involvedObject Kind Pod) the whole pod. */
export function toEvent(raw: unknown): EciEvent {
  const e = obj(raw);
  const involved = obj(e.involvedObject);
  return defined({ ...eventCommon(e), Name: str(involved.Kind) === 'Pod' ? undefined : str(involved.Name) });
}

/** An event as DescribeContainerGroups lists it with a group: `Name` is its container's, if any. */
export function toListedEvent(raw: unknown): EciEvent {
  const e = obj(raw);
  return defined({ ...eventCommon(e), Name: str(e.Name) });
}

export function toGroupEvents(raw: unknown): ContainerGroupEvents {
  const g = obj(raw);
  return defined({
    ContainerGroupId: str(g.ContainerGroupId) ?? '',
    Name: str(g.Name),
    Namespace: str(g.Namespace),
    uuid: str(g.uuid),
    Annotations: str(g.Annotations),
    Events: list(g.Events).map(toEvent),
  });
}

export function toContainerGroup(raw: unknown): ContainerGroup {
  const g = obj(raw);
  return {
    ...g,
    Tags: list(g.Tags),
    Events: list(g.Events).map(toListedEvent),
    Containers: list(g.Containers),
    InitContainers: list(g.InitContainers),
  } as ContainerGroup;
}

export function toMetrics(raw: unknown): ContainerGroupMetrics {
  const m = obj(raw);
  return { ContainerGroupId: str(m.ContainerGroupId) ?? '', Records: list(m.Records) as MetricRecord[] };
}
