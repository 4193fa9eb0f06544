// What the controller allocates, garbage included: V8's sampling heap profiler through the
// inspector, with the objects later collected kept in the profile (by default it reports only the
// survivors, which says nothing about what makes the collector run). Reading it is pure.
import { frameName, type CallFrame } from './profile.js';
import type { InspectorSession } from './live-heap.js';

export interface SamplingHeapProfile {
  head: SamplingNode;
}

interface SamplingNode {
  callFrame: CallFrame;
  selfSize: number;
  children: SamplingNode[];
}

export interface Allocation {
  /** "function url:line", as in the CPU profile's table. */
  frame: string;
  bytes: number;
}

/** One sample per this many bytes allocated on average: V8's default, fine enough at 10,000 pods. */
const SAMPLING_INTERVAL = 32 * 1024;

/** Starts sampling every allocation; the returned function stops and hands back the profile. */
export async function sampleAllocations(
  session: InspectorSession,
): Promise<() => Promise<SamplingHeapProfile>> {
  await session.call('HeapProfiler.enable');
  await session.call('HeapProfiler.startSampling', {
    samplingInterval: SAMPLING_INTERVAL,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return async () => (await session.call('HeapProfiler.stopSampling')).profile as SamplingHeapProfile;
}

/** All bytes sampled, and the `top` frames by what they allocated themselves, merged across call paths. */
export function topAllocations(
  profile: SamplingHeapProfile,
  top: number,
): { total: number; frames: Allocation[] } {
  const byFrame = new Map<string, number>();
  let total = 0;
  const stack = [profile.head];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    total += node.selfSize;
    if (node.selfSize > 0) {
      const frame = frameName(node.callFrame);
      byFrame.set(frame, (byFrame.get(frame) ?? 0) + node.selfSize);
    }
    stack.push(...node.children);
  }
  const frames = [...byFrame]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, bytes]) => ({ frame, bytes }));
  return { total, frames };
}

export function renderAllocations(summary: { total: number; frames: readonly Allocation[] }): string {
  const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1).padStart(8);
  return [
    `${mib(summary.total)} MiB allocated in all`,
    ...summary.frames.map((a) => `${mib(a.bytes)} MiB  ${a.frame}`),
  ].join('\n');
}
