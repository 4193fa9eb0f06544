import { isArmInstanceType, type CreateContainerGroupRequest } from '../eci-api/index.js';
import { ARM_FAMILIES, instanceTypesOf } from './catalogue.js';
import { invalidParameter } from './errors.js';
import type { SimGroup } from './model.js';
import { askedSize, DEFAULT_SPEC, instanceTypeSize } from './spec.js';

export const CPU_ARCHITECTURES = ['AMD64', 'ARM64'] as const;
export type CpuArchitecture = (typeof CPU_ARCHITECTURES)[number];

/** A group is ARM64 exactly when it runs on an ARM type: ARM64 groups always get one (create.ts). */
export function groupArchitecture(g: SimGroup): CpuArchitecture {
  return g.instanceType !== undefined && isArmInstanceType(g.instanceType) ? 'ARM64' : 'AMD64';
}

/**
 * The ARM type ECI picks for a vCPU/GiB ask: the family by the memory per vCPU asked (≤ 2 GiB c8y,
 * ≤ 4 g8y, else r8y), then its smallest size covering both. Undefined above 64 vCPU or 512 GiB.
 * An ask of 0 vCPU (containers setting memory only) is divided over the smallest type's 2 vCPU, so
 * it gets the family that holds that memory in the fewest vCPUs.
 */
export function smallestArmType(cpu: number, memory: number): string | undefined {
  const perCpu = memory / (cpu > 0 ? cpu : 2);
  const family = perCpu <= 2 ? 'ecs.c8y' : perCpu <= 4 ? 'ecs.g8y' : 'ecs.r8y';
  return instanceTypesOf(family).find((t) => {
    const size = instanceTypeSize(t);
    return size.cpu >= cpu && size.memory >= memory;
  });
}

/**
 * The ARM type of an ARM64 request without InstanceType: for its Cpu/Memory, else its containers'
 * sum, else ECI's default 2 vCPU / 4 GiB (ecs.c8y.large, as ECI documents for ARM virtual nodes).
 */
export function armInstanceTypeFor(req: CreateContainerGroupRequest): string {
  const explicit = req.Cpu !== undefined && req.Memory !== undefined;
  const [asked, askedMemory] = askedSize(req);
  const none = !explicit && asked === 0 && askedMemory === 0;
  const [cpu, memory] = none ? [DEFAULT_SPEC.cpu, DEFAULT_SPEC.memory] : [asked, askedMemory];
  const parameter = explicit ? 'Cpu/Memory' : 'Container.N.Cpu/Memory';
  if (explicit && !(cpu > 0 && memory > 0)) {
    throw invalidParameter(
      parameter,
      `${cpu} vCPU / ${memory} GiB is not a supported spec: set both above 0.`,
    );
  }
  const type = smallestArmType(cpu, memory);
  if (type === undefined) {
    throw invalidParameter(
      parameter,
      `${cpu} vCPU / ${memory} GiB is not a supported spec with CpuArchitecture ARM64: the largest ARM ` +
        `type, ecs.r8y.16xlarge, has 64 vCPU / 512 GiB; ask for at most that, or drop CpuArchitecture.`,
    );
  }
  return type;
}

/**
 * CpuArchitecture and InstanceType must agree (ECI sells ARM only as ARM ECS types), and an ARM64
 * ask without InstanceType must fit an ARM type. `types`: the request's InstanceType list, checked.
 */
export function validateArchitecture(req: CreateContainerGroupRequest, types: string[] | undefined): void {
  const asked = req.CpuArchitecture;
  if (types === undefined) {
    if (asked === 'ARM64') armInstanceTypeFor(req);
    return;
  }
  const arm = types.find(isArmInstanceType);
  const x86 = types.find((t) => !isArmInstanceType(t));
  if (asked === 'ARM64' && x86 !== undefined) {
    throw invalidParameter(
      'CpuArchitecture',
      `"ARM64" does not fit InstanceType "${x86}" (an AMD64 type): list ARM types ` +
        `(${ARM_FAMILIES.join(', ')} families, e.g. ecs.c8y.large) or drop CpuArchitecture.`,
    );
  }
  if (asked === 'AMD64' && arm !== undefined) {
    throw invalidParameter(
      'CpuArchitecture',
      `"AMD64" does not fit InstanceType "${arm}" (an ARM64 type): set CpuArchitecture ARM64 or list x86 types.`,
    );
  }
  // A list mixing both without CpuArchitecture is taken: ECI's pages do not refuse it, and the
  // group's architecture is that of the type it is placed on.
}
