import type { V1Pod } from '@kubernetes/client-node';
import type { Container, CreateContainerGroupRequest, RestartPolicy } from '../../providers/eci-api/index.js';
import { ANNOTATION, annotationWarnings } from './annotations.js';
import { compact } from './compact.js';
import { translateContainer } from './containers.js';
import { dnsSettings } from './dns.js';
import type { DownwardSource } from './downward.js';
import { Problems, unsupported } from './errors.js';
import { imageCacheMatch } from './image-cache.js';
import { containerGroupName } from './names.js';
import { podOptions } from './pod-options.js';
import { GiB, round3 } from './quantity.js';
import { registryCredentials } from './image-registries.js';
import { applySpec, checkArmSpecs, selectSpec, specLabel } from './sizing.js';
import { TAG, podTags } from './tags.js';
import { sysctlFields } from './sysctls.js';
import type { SpecCandidate, Translation, TranslationContext } from './types.js';
import { rejectUnsupported } from './validate.js';
import { translateVolume } from './volumes.js';
import { checkDiskCount } from './disk.js';
import { asSidecar, isSidecar, sidecarWarnings } from './sidecars.js';
import { extraEphemeralStorage } from './ephemeral-storage.js';

const RESTART_POLICIES: readonly RestartPolicy[] = ['Always', 'OnFailure', 'Never'];

/** With explicit cpu-memory specs, the containers' own sizes must fit inside the group, or ECI refuses it. */
function checkFit(c: SpecCandidate, containers: Container[], inits: Container[]): void {
  if (c.kind !== 'cpu-memory') return;
  const sum = (key: 'Cpu' | 'Memory'): number =>
    round3(containers.reduce((acc, x) => acc + (x[key] ?? 0), 0));
  const largest = (key: 'Cpu' | 'Memory'): number => inits.reduce((acc, x) => Math.max(acc, x[key] ?? 0), 0);
  const cpu = Math.max(sum('Cpu'), largest('Cpu'));
  const memory = Math.max(sum('Memory'), largest('Memory'));
  // Each container is rounded up to 3 decimals on its own; allow that rounding, not more.
  const slack = 0.001 * containers.length + 1e-9;
  if (cpu > c.cpu + slack || memory > c.memory + slack) {
    throw unsupported(
      `metadata.annotations[${ANNOTATION.useSpecs}]`,
      specLabel(c),
      `is smaller than the containers' resources (${cpu} vCPU / ${memory} GiB)`,
      "choose a spec at least that large, or lower the containers' limits",
    );
  }
}

/** A pod → the CreateContainerGroup request ECI needs to run it, or a TranslationError saying why not. */
export function translatePod(pod: V1Pod, ctx: TranslationContext): Translation {
  rejectUnsupported(pod);
  const spec = pod.spec ?? { containers: [] };
  const meta = pod.metadata ?? {};
  const warnings = annotationWarnings(meta.annotations);
  // The pod's options and its sizing annotations are reported together when both are wrong.
  const problems = new Problems();
  const optionsChecked = problems.check(() => podOptions(pod, ctx, warnings));
  const strategy = optionsChecked?.fields.SpotStrategy ?? meta.annotations?.[ANNOTATION.spotStrategy];
  const spot = strategy === 'SpotAsPriceGo' || strategy === 'SpotWithPriceLimit';
  const [options, selection] = problems.results(
    optionsChecked,
    problems.check(() => selectSpec(pod, { regionId: ctx.regionId, spot })),
  );
  warnings.push(...selection.warnings);
  if (ctx.cpuArchitecture === 'ARM64') checkArmSpecs(selection.candidates, ctx.nodeName);
  const first = selection.candidates[0];

  const src: DownwardSource = {
    pod,
    nodeName: ctx.nodeName,
    capacity: first.kind === 'cpu-memory' ? { cpu: first.cpu, memoryBytes: first.memory * GiB } : undefined,
  };
  const volumes = new Map((spec.volumes ?? []).map((v) => [v.name, v]));
  const Volume = (spec.volumes ?? []).map((v, i) => translateVolume(v, ctx, src, `spec.volumes[${i}]`));
  checkDiskCount(Volume);
  const common = { ctx, src, volumes, warnings };
  const inits = (spec.initContainers ?? []).map((c, i) => ({ c, field: `spec.initContainers[${i}]` }));
  const InitContainer = inits
    .filter(({ c }) => !isSidecar(c))
    .map((init) => translateContainer({ ...init, isInit: true, ...common }));
  // Native sidecars are containers to ECI, ordered before the app containers by its variables.
  const sidecars = inits
    .filter(({ c }) => isSidecar(c))
    .map((init, position) => asSidecar(translateContainer({ ...init, isInit: false, ...common }), position));
  warnings.push(...sidecarWarnings(pod));
  const Container = [
    ...sidecars,
    ...spec.containers.map((c, i) =>
      translateContainer({ c, field: `spec.containers[${i}]`, isInit: false, ...common }),
    ),
  ];
  for (const candidate of selection.candidates) checkFit(candidate, Container, InitContainer);

  const restartPolicy = spec.restartPolicy ?? 'Always';
  if (!RESTART_POLICIES.includes(restartPolicy as RestartPolicy)) {
    throw unsupported(
      'spec.restartPolicy',
      JSON.stringify(restartPolicy),
      'is not a restart policy',
      'use Always, OnFailure or Never',
    );
  }
  const psc = spec.securityContext;
  const ignored = [
    psc?.fsGroup !== undefined ? 'fsGroup' : '',
    psc?.supplementalGroups?.length ? 'supplementalGroups' : '',
    psc?.seccompProfile ? 'seccompProfile' : '',
  ].filter((s) => s !== '');
  if (ignored.length > 0)
    warnings.push(`spec.securityContext: ECI does not support ${ignored.join(', ')}; ignored`);

  const request: CreateContainerGroupRequest = compact({
    RegionId: ctx.regionId,
    ...options.fields,
    EphemeralStorage: extraEphemeralStorage(pod, options.fields.EphemeralStorage),
    VSwitchId: options.fields.VSwitchId ?? '',
    SecurityGroupId: options.fields.SecurityGroupId ?? '',
    ContainerGroupName: containerGroupName(meta.namespace ?? 'default', meta.name ?? ''),
    RestartPolicy: restartPolicy as RestartPolicy,
    CpuArchitecture: ctx.cpuArchitecture,
    ActiveDeadlineSeconds: spec.activeDeadlineSeconds,
    TerminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
    ...dnsSettings(pod, ctx, warnings),
    ShareProcessNamespace: spec.shareProcessNamespace,
    ...sysctlFields(psc),
    ImageRegistryCredential: registryCredentials(pod, ctx.refs, warnings),
    Tag: [...podTags(pod, ctx), { Key: TAG.kubeProxy, Value: String(options.kubeProxy) }],
    Volume: Volume.length ? Volume : undefined,
    InitContainer: InitContainer.length ? InitContainer : undefined,
    Container,
  });
  const translation: Translation = {
    request: applySpec(request, first),
    candidates: selection.candidates,
    warnings,
  };
  if (options.failStrategy) translation.failStrategy = options.failStrategy;
  const cacheMatch = imageCacheMatch(meta.annotations ?? {}, request, warnings);
  if (cacheMatch) translation.imageCacheMatch = cacheMatch;
  return translation;
}
