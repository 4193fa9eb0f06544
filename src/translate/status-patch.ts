import type { V1PodCondition, V1PodStatus } from '@kubernetes/client-node';
import { compareCodeUnits } from '../../providers/code-units.js';

/**
 * Whether two values are equal as JSON with Dates as their ISO strings, key order aside and
 * undefined fields dropped. It walks both in place: a pod sync compares its status every time, and
 * building a canonical JSON text of both was a fifth of a status write's own work.
 */
function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date) return b instanceof Date ? a.getTime() === b.getTime() : isIsoOf(a, b);
  if (b instanceof Date) return isIsoOf(b, a);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJsonValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  return sameFields(a, b, NO_FIELD);
}

const NO_FIELD = new Set<string>();
const CONDITION_TIMES = new Set(['lastProbeTime', 'lastTransitionTime']);
const STATUS_CONDITIONS = new Set(['conditions']);

/** The fields of both, but those in `skip`, equal by sameJsonValue; an undefined one counts as absent. */
function sameFields(a: object, b: object, skip: Set<string>): boolean {
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
  let defined = 0;
  for (const key in x) {
    if (x[key] === undefined || skip.has(key)) continue;
    if (!sameJsonValue(x[key], y[key])) return false;
    defined++;
  }
  for (const key in y) if (y[key] !== undefined && !skip.has(key)) defined--;
  return defined === 0;
}

/** A Date and a string are the same time only when the string is that Date's ISO form. */
function isIsoOf(date: Date, other: unknown): boolean {
  return typeof other === 'string' && date.toISOString() === other;
}

function sameInstant(a: Date | string | undefined, b: Date | string | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return new Date(a).getTime() === new Date(b).getTime();
}

/** A condition's transition time as the API server prints it; none when unset or empty. */
function transitionMillis(c: V1PodCondition): number | undefined {
  return c.lastTransitionTime ? new Date(c.lastTransitionTime).getTime() : undefined;
}

/**
 * Conditions as users see them: matched by type (in code-unit order: the order only has to be the
 * same for both sides, and localeCompare loads ICU's collation for every pod sync), without probe
 * times, the transition time by the instant it names.
 */
function sameVisibleConditions(a: V1PodCondition[] | undefined, b: V1PodCondition[] | undefined): boolean {
  const x = [...(a ?? [])].sort((p, q) => compareCodeUnits(p.type, q.type));
  const y = [...(b ?? [])].sort((p, q) => compareCodeUnits(p.type, q.type));
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i] as V1PodCondition;
    const q = y[i] as V1PodCondition;
    if (transitionMillis(p) !== transitionMillis(q) || !sameFields(p, q, CONDITION_TIMES)) return false;
  }
  return true;
}

/** Whether a user could tell the two statuses apart (kubectl get -o yaml, probe times aside). */
export function sameVisibleStatus(a: V1PodStatus, b: V1PodStatus): boolean {
  return sameVisibleConditions(a.conditions, b.conditions) && sameFields(a, b, STATUS_CONDITIONS);
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
  if (current?.startTime && desired.startTime && !sameInstant(current.startTime, desired.startTime)) {
    stable.startTime = current.startTime;
  }
  if (current && sameVisibleStatus(current, stable)) return undefined;
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
