import { invalidParameter } from './errors.js';
import {
  roundUpSpec,
  SUPPORTED_SPECS,
  type CpuMemory,
  type CreateContainerGroupRequest,
  type SpecScope,
} from '../eci-api/index.js';

export { SUPPORTED_SPECS };

export const DEFAULT_SPEC = { cpu: 2, memory: 4 };

function isSpot(req: Pick<CreateContainerGroupRequest, 'SpotStrategy'>): boolean {
  return req.SpotStrategy === 'SpotAsPriceGo' || req.SpotStrategy === 'SpotWithPriceLimit';
}

/** The specs a request may get: the region's (regional ones too where sold), never those for spot. */
export function specScope(req: Pick<CreateContainerGroupRequest, 'RegionId' | 'SpotStrategy'>): SpecScope {
  return { regionId: req.RegionId, spot: isSpot(req) };
}

/**
 * ECI's answer to a vCPU/GiB ask: the smallest spec holding it (7 vCPU / 13 GiB → 8 / 14 in
 * cn-hangzhou, "系统将自动按照ECI支持的规格进行规整"), or an error when no spec is that big.
 */
export function specFor(cpu: number, memory: number, scope: SpecScope, parameter: string): CpuMemory {
  const spec = roundUpSpec(cpu, memory, scope);
  if (spec === undefined)
    throw invalidParameter(
      parameter,
      `${cpu} vCPU / ${memory} GiB is larger than any ECI spec (64 vCPU / 512 GiB).`,
    );
  return spec;
}

/**
 * The vCPU/GiB a create request asks for, before any rounding: its Cpu/Memory when both are set,
 * else its containers' sum (init containers run one at a time: the largest, if bigger). [0, 0]
 * when nothing is asked, where ECI applies its default spec.
 */
export function askedSize(req: CreateContainerGroupRequest): [number, number] {
  if (req.Cpu !== undefined && req.Memory !== undefined) return [req.Cpu, req.Memory];
  const sum = (key: 'Cpu' | 'Memory'): number => req.Container.reduce((s, c) => s + (c[key] ?? 0), 0);
  const max = (key: 'Cpu' | 'Memory'): number =>
    Math.max(0, ...(req.InitContainer ?? []).map((c) => c[key] ?? 0));
  return [Math.max(sum('Cpu'), max('Cpu')), Math.max(sum('Memory'), max('Memory'))];
}

/** The stock key of a cpu/memory spec: `2-4Gi`, `0.5-1Gi`. */
export function specKey(cpu: number, memory: number): string {
  return `${cpu}-${memory}Gi`;
}

/** Accepts `2-4Gi`, `2.0-4.0Gi`, `2-4` and instance types; returns the canonical stock key. */
export function normalizeSpec(spec: string): string {
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)(?:Gi)?$/.exec(spec.trim());
  return m ? specKey(Number(m[1]), Number(m[2])) : spec.trim();
}

export const INSTANCE_TYPE_PATTERN = /^ecs\.[a-z0-9-]+\.(?:small|medium|large|(\d*)xlarge)$/;

/**
 * An InstanceType entry that names vCPU and memory instead of an ECS type (`2-4Gi`: ECI's "set the
 * instance's vCPU and memory through InstanceType").
 */
const VCPU_MEMORY_TYPE = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)Gi$/;

/** The vCPU and GiB of a `2-4Gi` entry, or undefined for an ECS type. */
export function vCpuMemoryType(type: string): CpuMemory | undefined {
  const m = VCPU_MEMORY_TYPE.exec(type);
  return m ? { cpu: Number(m[1]), memory: Number(m[2]) } : undefined;
}

/**
 * vCPU and memory of an ECS instance type, by the usual naming: `large` = 2 vCPU, `xlarge` = 4,
 * `Nxlarge` = 4N; memory per vCPU from the family letter (c = 2, g = 4, r = 8, else 4 GiB).
 * Close enough for billing-shaped numbers in a simulator; the real catalogue has exceptions.
 */
export function instanceTypeSize(type: string): { cpu: number; memory: number } {
  const asked = vCpuMemoryType(type);
  if (asked !== undefined) return asked;
  const m = INSTANCE_TYPE_PATTERN.exec(type);
  const size = type.split('.')[2] ?? 'large';
  const cpu = size === 'small' ? 1 : size === 'medium' ? 1 : size === 'large' ? 2 : 4 * Number(m?.[1] || 1);
  const family = type.split('.')[1] ?? 'g';
  const perCpu = family.startsWith('c') ? 2 : family.startsWith('r') ? 8 : 4;
  return { cpu, memory: cpu * perCpu };
}

/** GPU instance families: gn6i, gn7i, vgn6i, sgn7i, ebmgn7e... (`ecs.<family>-c<N>g<M>.<size>`). */
const GPU_TYPE = /^ecs\.(?:ebm)?[vs]?gn\d+[a-z]*(?:-vws)?-c(\d+)g(\d+)\./;

/**
 * GPUs of an ECS instance type, 0 for a type without GPUs: `-c<N>g<M>` gives M GPUs per N vCPUs
 * (ecs.gn6i-c4g1.xlarge: 4 vCPU, 1 T4; ecs.gn6i-c24g1.12xlarge: 48 vCPU, 2 T4), as ECS names them.
 */
export function instanceTypeGpus(type: string): number {
  const m = GPU_TYPE.exec(type);
  if (!m) return 0;
  const perCpus = Number(m[1]);
  const gpus = Number(m[2]);
  return Math.max(gpus, Math.floor((instanceTypeSize(type).cpu / perCpus) * gpus));
}
