/** Drops undefined properties (recursively), so requests and golden files show only what is sent. */
export function compact<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => compact(v)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    // for-in with an own-property check, not Object.entries: an array of pairs per object was most
    // of what this allocated, and pod statuses are compacted on every sync.
    const obj = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k in obj) {
      const v = obj[k];
      if (v !== undefined && Object.hasOwn(obj, k)) out[k] = compact(v);
    }
    return out as T;
  }
  return value;
}
