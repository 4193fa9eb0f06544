import type { V1Pod } from '@kubernetes/client-node';
import {
  isArmInstanceType,
  LARGEST_SPEC,
  roundUpSpec,
  type CreateContainerGroupRequest,
  type SpecScope,
} from '../../providers/eci-api/index.js';
import { ANNOTATION } from './annotations.js';
import { atMost } from './annotation-values.js';
import { unsupported } from './errors.js';
import { GiB, ceil3 } from './quantity.js';
import { podTotals } from './resources.js';
import type { SpecCandidate } from './types.js';

export {
  roundUpSpec,
  supportedSpecs,
  isSupportedSpec,
  type CpuMemory,
  type SpecScope,
} from '../../providers/eci-api/index.js';

export const DEFAULT_SPEC: SpecCandidate = { kind: 'cpu-memory', cpu: 2, memory: 4 };
export const MAX_SPEC_CANDIDATES = 5;

const CPU_MEMORY = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)Gi$/;
const INSTANCE_TYPE = /^ecs\.[a-z0-9][a-z0-9-]*\.[a-z0-9-]+$/;
const GPU_FAMILY = /^ecs\.(?:ebm)?[vs]?gn\d/;

export type SpecArch = 'gpu' | 'arm' | 'x86';

export function specArch(c: SpecCandidate): SpecArch {
  if (c.kind === 'cpu-memory') return 'x86';
  if (GPU_FAMILY.test(c.instanceType)) return 'gpu';
  if (isArmInstanceType(c.instanceType)) return 'arm';
  return 'x86';
}

/** The value of k8s.aliyun.com/eci-instance-spec: `2.0-4.0Gi` or `ecs.c6.large`. */
export function specLabel(c: SpecCandidate): string {
  if (c.kind === 'instance-type') return c.instanceType;
  const fmt = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));
  return `${fmt(c.cpu)}-${fmt(c.memory)}Gi`;
}

/** The request with this candidate as its size: Cpu/Memory or InstanceType, never both. */
export function applySpec(
  request: CreateContainerGroupRequest,
  c: SpecCandidate,
): CreateContainerGroupRequest {
  const out: CreateContainerGroupRequest = { ...request };
  delete out.Cpu;
  delete out.Memory;
  delete out.InstanceType;
  if (c.kind === 'cpu-memory') return { ...out, Cpu: c.cpu, Memory: c.memory };
  return { ...out, InstanceType: c.instanceType };
}

const USE_SPECS_FIELD = `metadata.annotations[${ANNOTATION.useSpecs}]`;
const USE_SPECS_FIX = 'use up to 5 comma-separated specs such as 2-4Gi, 0.5-1Gi or ecs.c6.large';

/** Parses k8s.aliyun.com/eci-use-specs; cpu-memory pairs are rounded up to a supported spec. */
export function parseUseSpecs(value: string, scope: SpecScope, warnings: string[]): SpecCandidate[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.length === 0 || items.some((s) => s === '')) {
    throw unsupported(USE_SPECS_FIELD, JSON.stringify(value), 'has an empty entry', USE_SPECS_FIX);
  }
  atMost(
    value,
    ANNOTATION.useSpecs,
    items.length,
    MAX_SPEC_CANDIDATES,
    `lists ${items.length} specs`,
    USE_SPECS_FIX,
  );
  const candidates = items.map((item): SpecCandidate => {
    const cm = CPU_MEMORY.exec(item);
    if (cm) {
      const cpu = Number(cm[1]);
      const memory = Number(cm[2]);
      const spec = roundUpSpec(cpu, memory, scope);
      if (!spec || cpu <= 0 || memory <= 0) {
        throw unsupported(
          USE_SPECS_FIELD,
          JSON.stringify(item),
          'is not an ECI spec (0.25 to 64 vCPU, 0.5 to 512 GiB)',
          USE_SPECS_FIX,
        );
      }
      if (spec.cpu !== cpu || spec.memory !== memory) {
        warnings.push(
          `${USE_SPECS_FIELD}: ${item} is not an ECI spec; rounded up to ${spec.cpu}-${spec.memory}Gi`,
        );
      }
      return { kind: 'cpu-memory', cpu: spec.cpu, memory: spec.memory };
    }
    if (INSTANCE_TYPE.test(item)) return { kind: 'instance-type', instanceType: item };
    throw unsupported(
      USE_SPECS_FIELD,
      JSON.stringify(item),
      'is neither <vCPU>-<memory>Gi nor an ECS instance type',
      USE_SPECS_FIX,
    );
  });
  const arches = new Set(candidates.map(specArch));
  if (arches.size > 1) {
    throw unsupported(
      USE_SPECS_FIELD,
      JSON.stringify(value),
      `mixes ${[...arches].join(' and ')} specs`,
      'list only GPU instance types, only ARM instance types, or only x86 specs in one annotation',
    );
  }
  return candidates;
}

/**
 * On an ARM node every spec must run on ARM: vCPU-memory specs do (CreateContainerGroup's
 * CpuArchitecture ARM64 makes ECI pick an ARM type); an x86 or GPU instance type, which only
 * eci-use-specs can name, cannot.
 */
export function checkArmSpecs(candidates: SpecCandidate[], nodeName: string): void {
  const notArm = candidates.find((c) => c.kind === 'instance-type' && specArch(c) !== 'arm');
  if (notArm?.kind !== 'instance-type') return;
  throw unsupported(
    USE_SPECS_FIELD,
    JSON.stringify(notArm.instanceType),
    `is not an ARM instance type, but the pod runs on the ARM node ${nodeName}`,
    'list ARM instance types (e.g. ecs.c8y.large,ecs.g8y.large) or vCPU-memory specs, or schedule the pod to an x86 node (nodeSelector kubernetes.io/arch: amd64)',
  );
}

export interface SpecSelection {
  candidates: SpecCandidate[];
  warnings: string[];
}

/**
 * The pod's ECI size: eci-use-specs > container limits (else requests, summed as Kubernetes does) >
 * 2 vCPU / 4 GiB, rounded up to a supported spec. GPU pods need GPU instance types.
 */
export function selectSpec(pod: V1Pod, scope: SpecScope = {}): SpecSelection {
  const warnings: string[] = [];
  const totals = podTotals(pod);
  const annotation = pod.metadata?.annotations?.[ANNOTATION.useSpecs];
  let candidates: SpecCandidate[];
  if (annotation !== undefined) {
    candidates = parseUseSpecs(annotation, scope, warnings);
  } else if (totals.cpu === undefined && totals.memory === undefined) {
    candidates = [DEFAULT_SPEC];
  } else {
    const cpu = ceil3(totals.cpu ?? 0);
    const memory = ceil3((totals.memory ?? 0) / GiB);
    const spec = roundUpSpec(cpu, memory, scope);
    if (!spec) {
      throw unsupported(
        'spec.containers[*].resources',
        `${cpu} vCPU / ${memory} GiB`,
        `is more than the largest ECI spec (${LARGEST_SPEC.cpu} vCPU / ${LARGEST_SPEC.memory} GiB)`,
        `lower the limits/requests, or set ${ANNOTATION.useSpecs} to a larger ECS instance type`,
      );
    }
    candidates = [{ kind: 'cpu-memory', ...spec }];
  }
  if ((totals.gpu ?? 0) > 0) {
    const notGpu = candidates.find((c) => specArch(c) !== 'gpu');
    if (notGpu) {
      throw unsupported(
        'spec.containers[*].resources.limits[nvidia.com/gpu]',
        String(totals.gpu),
        `needs a GPU instance type, but the spec is ${specLabel(notGpu)}`,
        `set annotation ${ANNOTATION.useSpecs} to a GPU instance type such as ecs.gn6v-c8g1.2xlarge`,
      );
    }
  }
  return { candidates, warnings };
}
