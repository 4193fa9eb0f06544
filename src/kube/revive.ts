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
  V1Namespace: { metadata: META, status: { conditions: { lastTransitionTime: true } } },
  V1Node: {
    metadata: META,
    spec: { taints: { timeAdded: true } },
    status: { conditions: { lastHeartbeatTime: true, lastTransitionTime: true } },
  },
  V1Lease: { metadata: META, spec: { acquireTime: true, renewTime: true } },
} satisfies Record<string, DateFields>;

export type RevivedKind = keyof typeof DATE_FIELDS;

function reviveIn(value: unknown, fields: DateFields): void {
  if (Array.isArray(value)) {
    for (const item of value) reviveIn(item, fields);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const field in fields) {
    const inner = obj[field];
    if (inner === undefined || inner === null) continue;
    const below = fields[field];
    if (below === true) {
      if (typeof inner === 'string') obj[field] = new Date(inner);
    } else reviveIn(inner, below);
  }
}

/**
 * Turns a parsed JSON object of `kind` into the client-node type in place: the timestamps become
 * Dates, as client-node's ObjectSerializer would make them, and nothing else is touched. The object
 * stays a plain one: ObjectSerializer's class instances carry a slot for every field the schema
 * knows, which made the 10,000-pod cache several times larger than the JSON it came from.
 */
export function reviverFor<T>(kind: RevivedKind): (raw: unknown) => T {
  const fields = DATE_FIELDS[kind];
  return (raw) => {
    reviveIn(raw, fields);
    return raw as T;
  };
}
