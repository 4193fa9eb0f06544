/**
 * What can be read from one JSON watch event line without parsing it. Pure.
 *
 * The API server encodes a watch event as `{"type":"MODIFIED","object":{"kind":…,"apiVersion":…,
 * "metadata":{"name":…,"namespace":…,"uid":…,"resourceVersion":"…",…}…}}`: Go's encoding/json
 * writes struct fields in declaration order, and ObjectMeta declares resourceVersion after name,
 * generateName, namespace, selfLink and uid (values that cannot hold a quote) and before labels,
 * annotations and everything else users write. A quote inside any string value is escaped, so the
 * first `"resourceVersion":"` of a line is the object's own.
 */

const MODIFIED = '{"type":"MODIFIED",';
const RESOURCE_VERSION = '"resourceVersion":"';

/** The object's resourceVersion when the line is a MODIFIED event, else undefined. */
export function modifiedVersion(line: string): string | undefined {
  if (!line.startsWith(MODIFIED)) return undefined;
  const at = line.indexOf(RESOURCE_VERSION, MODIFIED.length);
  if (at < 0) return undefined;
  const start = at + RESOURCE_VERSION.length;
  const end = line.indexOf('"', start);
  return end > start ? line.slice(start, end) : undefined;
}
