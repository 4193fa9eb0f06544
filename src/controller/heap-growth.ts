// How far V8 lets the heap grow past what its last full collection kept. V8 picks a factor from
// the heap cap and its GC speed: up to 1.5 under the chart's 768 MiB cap, so a controller holding
// 100 MiB of pods, groups and caches grew its heap to 174 MiB and its RSS to 267 MiB at 10,000 pods
// (npm run bench). A fixed 20 % kept it at 234.6-250.9 MiB in six rounds, at no more CPU.

const FLAG = '--heap-growing-percent';

/**
 * The V8 flag for HEAP_GROWING_PERCENT, or undefined to leave V8's own factor: for 0, and when
 * node's command line already sets it (Node refuses the flag in NODE_OPTIONS, so the command line is
 * the only other place it can come from, and it wins). Pure.
 */
export function heapGrowthFlag(percent: number, execArgv: readonly string[]): string | undefined {
  if (percent === 0) return undefined;
  const given = execArgv.some((arg) => {
    const name = arg.split('=', 1)[0].replaceAll('_', '-');
    return name === FLAG;
  });
  return given ? undefined : `${FLAG}=${percent}`;
}
