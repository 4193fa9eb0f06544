import { instanceTypeSize } from './spec.js';

/**
 * ARM (Yitian 710) families ECI offers for `CpuArchitecture=ARM64`: compute c8y (2 GiB per vCPU),
 * general-purpose g8y (4) and memory r8y (8), as ECI's ARM virtual node page lists them.
 */
export const ARM_FAMILIES: readonly string[] = ['ecs.c8y', 'ecs.g8y', 'ecs.r8y'];

/**
 * The ECS instance families the simulated region offers ECI: a sample of the families ECI documents
 * (compute c, general-purpose g, memory r; x86 generations 5 to 7, and the ARM families above), not
 * the full catalogue. Sizes follow ECS naming; spec.ts's instanceTypeSize gives each one's vCPUs and GiB.
 */
export const INSTANCE_FAMILIES: readonly string[] = [
  ...[5, 6, 7].flatMap((gen) => ['c', 'g', 'r'].map((kind) => `ecs.${kind}${gen}`)),
  ...ARM_FAMILIES,
];

const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge'];

/** ECI's ceiling: a group has at most 64 vCPUs. */
const MAX_CPU = 64;

export function instanceTypesOf(family: string): string[] {
  return SIZES.map((size) => `${family}.${size}`).filter((t) => instanceTypeSize(t).cpu <= MAX_CPU);
}
