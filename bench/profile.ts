// Reading a V8 .cpuprofile (node --cpu-prof): where the controller spends its own time. Pure.

/** Where a profile sample was taken (CPU and sampling heap profiles alike). */
export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: CallFrame;
    hitCount?: number;
  }[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface SelfTime {
  /** "function url:line" (line 1-based), or V8's pseudo-frames such as "(garbage collector)". */
  frame: string;
  selfMs: number;
  /** Share of the busy (non-idle) time. */
  percent: number;
}

const IDLE = '(idle)';

export function frameName(cf: CallFrame): string {
  const fn = cf.functionName || '(anonymous)';
  if (cf.url === '') return fn;
  // Keep the path from the project or node_modules on: absolute prefixes only add noise.
  const url = cf.url.replace(/^file:\/\//, '').replace(/^.*?\/(dist|node_modules)\//, '$1/');
  return `${fn} ${url}:${cf.lineNumber + 1}`;
}

/** The `top` frames by self time, merged across call paths; idle time is left out of the shares. */
export function topSelfTime(profile: CpuProfile, top: number): SelfTime[] {
  const totalHits = profile.nodes.reduce((a, n) => a + (n.hitCount ?? 0), 0);
  if (totalHits === 0) return [];
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / totalHits;
  const byFrame = new Map<string, number>();
  for (const n of profile.nodes) {
    if (!n.hitCount) continue;
    const name = frameName(n.callFrame);
    byFrame.set(name, (byFrame.get(name) ?? 0) + n.hitCount);
  }
  const busy = totalHits - (byFrame.get(IDLE) ?? 0);
  byFrame.delete(IDLE);
  return [...byFrame]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([frame, hits]) => ({
      frame,
      selfMs: hits * msPerHit,
      percent: busy === 0 ? 0 : (100 * hits) / busy,
    }));
}

export function renderProfile(entries: readonly SelfTime[]): string {
  return entries
    .map(
      (e) =>
        `${e.percent.toFixed(1).padStart(5)}%  ${Math.round(e.selfMs).toString().padStart(7)} ms  ${e.frame}`,
    )
    .join('\n');
}
