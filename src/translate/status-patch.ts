import type { V1PodCondition, V1PodStatus } from '@kubernetes/client-node';
import { compareCodeUnits } from '../../providers/code-units.js';

/** JSON with dates as ISO strings, keys sorted, undefined dropped: equal text ⇔ equal status. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

function sameTime(a: Date | string | undefined, b: Date | string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return new Date(a).getTime() === new Date(b).getTime();
}

/**
 * Conditions as users see them: by type (in code-unit order: the order only has to be the same for
 * both sides, and localeCompare loads ICU's collation for every pod sync), without probe times.
 */
function visibleConditions(list: V1PodCondition[] | undefined): unknown {
  return [...(list ?? [])]
    .map(({ lastProbeTime: _probe, ...rest }) => ({
      ...rest,
      lastTransitionTime: rest.lastTransitionTime
        ? new Date(rest.lastTransitionTime).toISOString()
        : undefined,
    }))
    .sort((a, b) => compareCodeUnits(a.type, b.type));
}

function visible(s: V1PodStatus): string {
  return JSON.stringify(canonical({ ...s, conditions: visibleConditions(s.conditions) }));
}

/**
 * Conditions are merged by type in a strategic-merge patch, field by field: a reason or message the
 * new condition lacks would stay on the server (a Ready=True condition still saying
 * "ContainersNotReady"), and the next comparison would differ again, forever. A null deletes it, as
 * the kubelet's two-way patch does.
 */
function withClearedFields(condition: V1PodCondition, before: V1PodCondition): V1PodCondition {
  const out: Record<string, unknown> = { ...condition };
  for (const field of ['reason', 'message'] as const) {
    if (before[field] !== undefined && condition[field] === undefined) out[field] = null;
  }
  return out as unknown as V1PodCondition;
}

/**
 * The status to write, or undefined when nothing a user could see changed. A condition whose status
 * did not change keeps its lastTransitionTime (and lastProbeTime), and startTime never moves once set,
 * so re-mapping the same ECI state is always a no-op.
 */
export function statusPatch(current: V1PodStatus | undefined, desired: V1PodStatus): V1PodStatus | undefined {
  const stable: V1PodStatus = { ...desired };
  if (desired.conditions) {
    stable.conditions = desired.conditions.map((c) => {
      const before = current?.conditions?.find((x) => x.type === c.type);
      if (!before) return c;
      if (before.status !== c.status) return withClearedFields(c, before);
      const out: V1PodCondition = {
        ...c,
        lastTransitionTime: before.lastTransitionTime ?? c.lastTransitionTime,
      };
      if (before.lastProbeTime !== undefined && c.lastProbeTime === undefined)
        out.lastProbeTime = before.lastProbeTime;
      return withClearedFields(out, before);
    });
  }
  if (current?.startTime && desired.startTime && !sameTime(current.startTime, desired.startTime)) {
    stable.startTime = current.startTime;
  }
  if (current && visible(current) === visible(stable)) return undefined;
  return stable;
}

/** A condition without the fields a patch deleted (null). */
function withoutNulls(condition: V1PodCondition): V1PodCondition {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(condition)) if (value !== null) out[key] = value;
  return out as unknown as V1PodCondition;
}

/**
 * The status the API server stores after `patch` (from statusPatch) is merged into `current`, as
 * its strategic merge does it: fields replaced, conditions merged by type, a null deleting a field.
 */
export function applyStatusPatch(current: V1PodStatus | undefined, patch: V1PodStatus): V1PodStatus {
  const merged: V1PodStatus = { ...current, ...patch };
  if (patch.conditions !== undefined) {
    const byType = new Map((current?.conditions ?? []).map((c) => [c.type, c]));
    for (const c of patch.conditions) byType.set(c.type, withoutNulls({ ...byType.get(c.type), ...c }));
    merged.conditions = [...byType.values()];
  }
  return merged;
}
