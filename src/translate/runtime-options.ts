import type { CreateContainerGroupRequest } from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';
import { formatted, int } from './annotation-values.js';

export type RuntimeFields = Partial<
  Pick<CreateContainerGroupRequest, 'CorePattern' | 'CpuOptionsCore' | 'CpuOptionsThreadsPerCore'>
>;

const A = ANNOTATION;

/** Core dump location and CPU topology: settings of the instance the containers run in. */
export function runtimeOptions(a: Record<string, string>): RuntimeFields {
  const f: RuntimeFields = {};
  const pattern = a[A.corePattern];
  if (pattern !== undefined) {
    f.CorePattern = formatted(
      pattern,
      A.corePattern,
      // ECI refuses a pipe: the kernel would run it as a program.
      (v) => v !== '' && !v.startsWith('|') && !/\s/.test(v),
      'a core dump path',
      'use the path (without spaces, not a |program) core files are written to, e.g. /pod/data/dump/core on a mounted volume',
    );
  }
  if (a[A.cpuOptionCore] !== undefined) f.CpuOptionsCore = int(a[A.cpuOptionCore], A.cpuOptionCore, 1, 256);
  if (a[A.cpuOptionThreadsPerCore] !== undefined)
    f.CpuOptionsThreadsPerCore = int(a[A.cpuOptionThreadsPerCore], A.cpuOptionThreadsPerCore, 1, 2);
  return f;
}
