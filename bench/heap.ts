// Reading a V8 heap snapshot (node --heapsnapshot-signal): what the controller's heap holds,
// grouped by constructor. Pure.

export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: (string[] | string)[] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  /** "<type> <name>", e.g. "object Object" or "string (string)". */
  group: string;
  count: number;
  bytes: number;
}

/** The `top` groups by self size, with the total self size of the whole heap. */
export function heapByConstructor(snap: HeapSnapshot, top: number): { total: number; groups: HeapGroup[] } {
  const fields = snap.snapshot.meta.node_fields;
  const stride = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const typeNames = snap.snapshot.meta.node_types[typeAt];
  if (!Array.isArray(typeNames) || typeAt < 0 || nameAt < 0 || sizeAt < 0)
    throw new Error('not a V8 heap snapshot: node_fields lacks type, name or self_size');
  const groups = new Map<string, HeapGroup>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += stride) {
    const type = typeNames[snap.nodes[i + typeAt]];
    // Strings and code are named by their content: group them by type alone.
    const named = type === 'object' || type === 'closure' || type === 'native';
    const key = named ? `${type} ${snap.strings[snap.nodes[i + nameAt]]}` : type;
    const bytes = snap.nodes[i + sizeAt];
    total += bytes;
    const g = groups.get(key) ?? { group: key, count: 0, bytes: 0 };
    g.count++;
    g.bytes += bytes;
    groups.set(key, g);
  }
  const sorted = [...groups.values()].sort((a, b) => b.bytes - a.bytes).slice(0, top);
  return { total, groups: sorted };
}

export function renderHeap(summary: { total: number; groups: HeapGroup[] }): string {
  const mib = (b: number): string => (b / 2 ** 20).toFixed(1).padStart(8);
  const lines = [`  self size total ${mib(summary.total).trim()} MiB`];
  for (const g of summary.groups)
    lines.push(`  ${mib(g.bytes)} MiB ${String(g.count).padStart(9)}  ${g.group}`);
  return lines.join('\n');
}
