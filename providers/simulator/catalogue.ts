import { instanceTypeSize } from './spec.js';

/**
 * The ECS instance families the simulated region offers ECI: a sample of the families ECI documents
 * (compute c, general-purpose g, memory r; generations 5 to 7), not the full catalogue. Sizes follow
 * ECS naming; spec.ts's instanceTypeSize gives each one's vCPUs and GiB.
 */
export const INSTANCE_FAMILIES: readonly string[] = [5, 6, 7].flatMap((gen) =>
  ['c', 'g', 'r'].map((kind) => `ecs.${kind}${gen}`),
);

const SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge'];

/** ECI's ceiling: a group has at most 64 vCPUs. */
const MAX_CPU = 64;

export function instanceTypesOf(family: string): string[] {
  return SIZES.map((size) => `${family}.${size}`).filter((t) => instanceTypeSize(t).cpu <= MAX_CPU);
}
