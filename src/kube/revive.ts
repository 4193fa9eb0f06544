import { internLeaf, Interner, internString } from '../../providers/intern.js';

/** Where the timestamps of a kind are: a field maps to `true` (a timestamp) or to the fields below it. */
export interface DateFields {
  readonly [field: string]: true | DateFields;
}

const META: DateFields = { creationTimestamp: true, deletionTimestamp: true, managedFields: { time: true } };
const CONTAINER_STATE: DateFields = {
  running: { startedAt: true },
  terminated: { startedAt: true, finishedAt: true },
};
const CONTAINER_STATUS: DateFields = { state: CONTAINER_STATE, lastState: CONTAINER_STATE };

/**
 * The timestamp fields of the kinds the controller reads, as client-node's models declare them
 * (a unit test compares this table with client-node's own type map, so an upgrade that adds one
 * fails there rather than leaving a string where code expects a Date).
 */
export const DATE_FIELDS = {
  V1Pod: {
    metadata: META,
    spec: { volumes: { ephemeral: { volumeClaimTemplate: { metadata: META } } } },
    status: {
      conditions: { lastProbeTime: true, lastTransitionTime: true },
      startTime: true,
      containerStatuses: CONTAINER_STATUS,
      initContainerStatuses: CONTAINER_STATUS,
      ephemeralContainerStatuses: CONTAINER_STATUS,
    },
  },
  V1ConfigMap: { metadata: META },
  V1Service: { metadata: META, status: { conditions: { lastTransitionTime: true } } },
  V1Namespace: { metadata: META, status: { conditions: { lastTransitionTime: true } } },
  V1Node: {
    metadata: META,
    spec: { taints: { timeAdded: true } },
    status: { conditions: { lastHeartbeatTime: true, lastTransitionTime: true } },
  },
  V1Lease: { metadata: META, spec: { acquireTime: true, renewTime: true } },
  V1EndpointSlice: { metadata: META },
} satisfies Record<string, DateFields>;

/**
 * Kinds of our own CRDs, apart from DATE_FIELDS because client-node has no model to compare them
 * with. Only the metadata's timestamps are revived; their status times stay RFC 3339 strings.
 */
export const CUSTOM_DATE_FIELDS = {
  ImageCache: { metadata: META },
} satisfies Record<string, DateFields>;

export type RevivedKind = keyof typeof DATE_FIELDS | keyof typeof CUSTOM_DATE_FIELDS;

// Cached objects share their Dates: nothing may mutate a timestamp it reads from the cache.
const dates = new Interner<Date>((s) => new Date(s));
// Dates already built (the status of our own write, cached as written): keyed by their time in ms.
const builtDates = new Interner<Date>((ms) => new Date(Number(ms)));

/**
 * Interns every string below `value` and turns the timestamps `fields` names into Dates, in place;
 * with `leaves`, its objects of primitives too (shared and frozen: internLeaf).
 */
function reviveIn(value: unknown, fields: DateFields | undefined, leaves = false): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'string') value[i] = internString(item);
      else if (item !== null && typeof item === 'object' && !Object.isFrozen(item)) {
        reviveIn(item, fields, leaves);
        if (leaves) value[i] = internLeaf(item);
      }
    }
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const field in obj) {
    const inner = obj[field];
    const below = fields?.[field];
    if (typeof inner === 'string') obj[field] = below === true ? dates.get(inner) : internString(inner);
    else if (inner instanceof Date) obj[field] = builtDates.get(String(inner.getTime()));
    else if (inner !== null && typeof inner === 'object' && !Object.isFrozen(inner)) {
      reviveIn(inner, below === true ? undefined : below, leaves);
      if (leaves) obj[field] = internLeaf(inner);
    }
  }
}

/**
 * `value` with every string below it replaced by its one shared instance, in place: for objects a
 * process keeps thousands of beside the pod cache (the last status record of each container group),
 * whose image names, reasons and times repeat across groups and with the pods'.
 */
export function internStrings<T>(value: T): T {
  reviveIn(value, undefined);
  return value;
}

/**
 * internStrings, and its objects of primitives shared too, frozen: for a value never changed in
 * place. A container group's status record repeats its conditions and states (a type, a status,
 * a time to the second) across every group that changed in the same second.
 */
export function internShared<T>(value: T): T {
  reviveIn(value, undefined, true);
  return value;
}

/**
 * Turns a parsed JSON object of `kind` into the client-node type in place: the timestamps become
 * Dates, as client-node's ObjectSerializer would make them, and repeated values share one instance
 * (see Interner), its objects of primitives and Dates too, frozen (internLeaf: tolerations,
 * conditions, labels; nothing may change a cached object in place). The object stays a plain one:
 * ObjectSerializer's class instances carry a slot for every field the schema knows, which made the
 * 10,000-pod cache several times larger than the JSON it came from.
 */
export function reviverFor<T>(kind: RevivedKind): (raw: unknown) => T {
  const fields: DateFields =
    kind in DATE_FIELDS
      ? DATE_FIELDS[kind as keyof typeof DATE_FIELDS]
      : CUSTOM_DATE_FIELDS[kind as keyof typeof CUSTOM_DATE_FIELDS];
  return (raw) => {
    reviveIn(raw, fields, true);
    return raw as T;
  };
}
