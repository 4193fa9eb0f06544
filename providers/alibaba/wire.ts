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
 * ECI response bodies → providers/eci-api. Read from the raw JSON; status and event records field
 * by field, keeping only what the SDK's response models name. The status model spells a running state's start
 * `StartedAtstartedAt`; `StartedAt` is accepted too. Kubernetes-shaped parts arrive with lower-case keys (`type`,
 * `status`, `lastTransitionTime`, `involvedObject`); both spellings are accepted.
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

function num(v: unknown): number | undefined {
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
    detail.Running = defined({ StartedAt: str(r.StartedAt ?? r.startedAt ?? r.StartedAtstartedAt) });
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
        Type: str(c.Type ?? c.type) ?? '',
        Status: str(c.Status ?? c.status) ?? '',
        Reason: str(c.Reason ?? c.reason),
        Message: str(c.Message ?? c.message),
        LastTransitionTime: str(c.LastTransitionTime ?? c.lastTransitionTime),
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

export function toEvent(raw: unknown): EciEvent {
  const e = obj(raw);
  const involved = obj(e.involvedObject ?? e.InvolvedObject);
  return defined({
    Type: str(e.Type ?? e.type) === 'Warning' ? 'Warning' : 'Normal',
    Reason: str(e.Reason ?? e.reason) ?? '',
    Message: str(e.Message ?? e.message) ?? '',
    Count: num(e.Count ?? e.count) ?? 1,
    FirstTimestamp: str(e.FirstTimestamp ?? e.firstTimestamp) ?? '',
    LastTimestamp: str(e.LastTimestamp ?? e.lastTimestamp) ?? '',
    // A container's name; an event about the whole pod (involvedObject Kind Pod) has none.
    Name: str(e.Name) ?? (str(involved.Kind) === 'Pod' ? undefined : str(involved.Name)),
  });
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
    Events: list(g.Events).map(toEvent),
    Containers: list(g.Containers),
    InitContainers: list(g.InitContainers),
  } as ContainerGroup;
}

export function toMetrics(raw: unknown): ContainerGroupMetrics {
  const m = obj(raw);
  return { ContainerGroupId: str(m.ContainerGroupId) ?? '', Records: list(m.Records) as MetricRecord[] };
}
