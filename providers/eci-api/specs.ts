import { REGIONAL_SPEC_REGIONS, REGIONAL_SPECS, SUPPORTED_SPECS } from './facts.js';
/**
 * The vCPU/memory specs ECI accepts (ECI docs, "specify vCPUs and memory"), as [vCPU, GiB].
 * ECI rounds an unsupported pair up to the nearest spec with both values at least the request: the
 * controller does the same before sending (the spec written back to the pod is the one created),
 * and the simulator when a request asks for an unsupported pair.
 */
const ALL_REGIONS: ReadonlyArray<readonly [number, readonly number[]]> = [...SUPPORTED_SPECS];

const REGIONAL: ReadonlyArray<readonly [number, readonly number[]]> = [...REGIONAL_SPECS];

export interface CpuMemory {
  cpu: number;
  /** GiB */
  memory: number;
}

export interface SpecScope {
  /** Adds the regional specs when the region sells them. */
  regionId?: string;
  /** Spot instances only come in the all-regions specs. */
  spot?: boolean;
}

function flatten(table: ReadonlyArray<readonly [number, readonly number[]]>): CpuMemory[] {
  return table.flatMap(([cpu, mems]) => mems.map((memory) => ({ cpu, memory })));
}

const BASE_SPECS = flatten(ALL_REGIONS);
const WITH_REGIONAL = [...BASE_SPECS, ...flatten(REGIONAL)].sort(
  (a, b) => a.cpu - b.cpu || a.memory - b.memory,
);

/** Every supported spec in the scope, smallest first (by vCPU, then memory). */
export function supportedSpecs(scope: SpecScope = {}): readonly CpuMemory[] {
  const regional = scope.regionId !== undefined && REGIONAL_SPEC_REGIONS.has(scope.regionId) && !scope.spot;
  return regional ? WITH_REGIONAL : BASE_SPECS;
}

export function isSupportedSpec(cpu: number, memGiB: number, scope: SpecScope = {}): boolean {
  return supportedSpecs(scope).some((s) => s.cpu === cpu && s.memory === memGiB);
}

/**
 * The smallest supported spec with vCPU ≥ cpu and memory ≥ memGiB (7 vCPU / 13 GiB → 8 / 14 in
 * cn-hangzhou, 8 / 16 where only the all-regions specs exist), or undefined when nothing is that big.
 */
export function roundUpSpec(cpu: number, memGiB: number, scope: SpecScope = {}): CpuMemory | undefined {
  const found = supportedSpecs(scope).find((s) => s.cpu >= cpu - 1e-9 && s.memory >= memGiB - 1e-9);
  return found ? { ...found } : undefined;
}

export const LARGEST_SPEC: CpuMemory = { cpu: 64, memory: 512 };
