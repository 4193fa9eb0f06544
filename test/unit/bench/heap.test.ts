import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { heapByConstructor, renderHeap, type HeapSnapshot } from '../../../bench/heap.js';

describe('heap snapshot summary', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'heap-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the objects a real process holds, by constructor', () => {
    // A small process that holds 5,000 PodRecords, written out by V8 itself.
    const file = path.join(dir, 'small.heapsnapshot');
    execFileSync(process.execPath, [
      '-e',
      `class PodRecord { constructor(i) { this.uid = 'uid-' + i; this.n = i; } }
       globalThis.kept = Array.from({ length: 5000 }, (_, i) => new PodRecord(i));
       require('v8').writeHeapSnapshot(${JSON.stringify(file)});`,
    ]);
    const snap = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
    const summary = heapByConstructor(snap, 50);
    const records = summary.groups.find((g) => g.group === 'object PodRecord');
    expect(records?.count).toBe(5000);
    expect(records?.bytes).toBeGreaterThanOrEqual(5000 * 16);
    expect(summary.total).toBeGreaterThan(records?.bytes ?? 0);
    expect(summary.groups.map((g) => g.bytes)).toEqual(
      [...summary.groups.map((g) => g.bytes)].sort((a, b) => b - a),
    );
    expect(renderHeap(summary)).toMatch(/^ {2}self size total \d+\.\d MiB\n/);
  });

  it('refuses a file that is not a heap snapshot', () => {
    const notHeap = { snapshot: { meta: { node_fields: ['id'], node_types: [] } }, nodes: [], strings: [] };
    expect(() => heapByConstructor(notHeap, 5)).toThrow(/not a V8 heap snapshot/);
  });
});
