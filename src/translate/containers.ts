import type { V1Container, V1PodSecurityContext, V1Volume } from '@kubernetes/client-node';
import {
  ADDABLE_CAPABILITIES,
  READ_ONLY_ROOT_FILESYSTEM,
  type Container,
  type ContainerPort,
  type VolumeMount,
} from '../../providers/eci-api/index.js';
import type { DownwardSource } from './downward.js';
import { containerEnv, type ContainerEnv } from './env.js';
import { unsupported } from './errors.js';
import { translateHook, translateProbe } from './probes.js';
import { GiB, ceil3 } from './quantity.js';
import { containerResources, effective } from './resources.js';
import type { TranslationContext } from './types.js';
import { isReadOnlyVolume } from './volumes.js';

export const RESERVED_PORTS: readonly number[] = [111, 10250, 10255];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
/** ECI's Port.N.Protocol takes TCP or UDP; an SCTP port (valid in Kubernetes) is left out with a warning. */
const PROTOCOLS = ['TCP', 'UDP'] as const;
const PROPAGATIONS = ['None', 'HostToContainer', 'Bidirectional'] as const;

function oneOf<T extends string>(
  allowed: readonly T[],
  value: string | undefined,
  field: string,
): T | undefined {
  if (value === undefined) return undefined;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw unsupported(
    field,
    JSON.stringify(value),
    'is not supported by ECI',
    `use one of ${allowed.join(', ')}`,
  );
}

function ports(c: V1Container, field: string, warnings: string[]): ContainerPort[] | undefined {
  if (!c.ports?.length) return undefined;
  const kept = c.ports.flatMap((p, i) => {
    const f = `${field}.ports[${i}]`;
    if (p.protocol === 'SCTP') {
      warnings.push(`${f}: ECI ports are TCP or UDP; SCTP ${p.containerPort} is not declared to ECI`);
      return [];
    }
    if (RESERVED_PORTS.includes(p.containerPort)) {
      throw unsupported(
        `${f}.containerPort`,
        String(p.containerPort),
        `is reserved by ECI (${RESERVED_PORTS.join(', ')})`,
        'use another port',
      );
    }
    if (p.hostPort !== undefined && p.hostPort !== 0 && p.hostPort !== p.containerPort) {
      throw unsupported(
        `${f}.hostPort`,
        String(p.hostPort),
        'differs from containerPort; an ECI instance has no host ports to map',
        'remove hostPort (the pod IP serves containerPort directly)',
      );
    }
    return [{ Port: p.containerPort, Protocol: oneOf(PROTOCOLS, p.protocol, `${f}.protocol`) }];
  });
  return kept.length > 0 ? kept : undefined;
}

function mounts(
  c: V1Container,
  field: string,
  volumes: Map<string, V1Volume>,
  expandAt: ContainerEnv['expandAt'],
): VolumeMount[] | undefined {
  if (!c.volumeMounts?.length) return undefined;
  return c.volumeMounts.map((m, i) => {
    const f = `${field}.volumeMounts[${i}]`;
    const volume = volumes.get(m.name);
    if (!volume)
      throw unsupported(
        `${f}.name`,
        JSON.stringify(m.name),
        'is not a volume of this pod',
        'add it to spec.volumes or fix the name',
      );
    const subPath = m.subPathExpr !== undefined ? expandAt(m.subPathExpr, `${f}.subPathExpr`) : m.subPath;
    return {
      Name: m.name,
      MountPath: m.mountPath,
      SubPath: subPath || undefined,
      ReadOnly: m.readOnly || isReadOnlyVolume(volume) || undefined,
      MountPropagation: oneOf(PROPAGATIONS, m.mountPropagation, `${f}.mountPropagation`),
    };
  });
}

/**
 * The capabilities ECI adds (NET_ADMIN, NET_RAW). ECI refuses the whole group for any other, so
 * another is left out with a warning: the pod runs, and its Events say what it was not given.
 */
function addedCapabilities(add: string[], field: string, warnings: string[]): string[] {
  const names = add.map((cap) => cap.replace(/^CAP_/, ''));
  const dropped = names.filter((cap) => !ADDABLE_CAPABILITIES.includes(cap));
  if (dropped.length > 0)
    warnings.push(
      `${field}.securityContext.capabilities.add: ECI adds only ${ADDABLE_CAPABILITIES.join(' and ')}; ${dropped.join(', ')} not added`,
    );
  return names.filter((cap) => ADDABLE_CAPABILITIES.includes(cap));
}

function security(
  c: V1Container,
  pod: V1PodSecurityContext | undefined,
  field: string,
  isInit: boolean,
  warnings: string[],
): Partial<Container> {
  const sc = c.securityContext ?? {};
  if (sc.privileged) {
    throw unsupported(
      `${field}.securityContext.privileged`,
      'true',
      'is not allowed on ECI',
      'remove privileged; add only the capabilities you need',
    );
  }
  const ignored = [
    sc.capabilities?.drop?.length ? 'capabilities.drop' : '',
    // Only `false` restricts anything: `true` is what a container gets anyway, nothing is lost.
    sc.allowPrivilegeEscalation === false ? 'allowPrivilegeEscalation' : '',
    sc.seccompProfile ? 'seccompProfile' : '',
    sc.appArmorProfile ? 'appArmorProfile' : '',
    sc.seLinuxOptions ? 'seLinuxOptions' : '',
    sc.procMount && sc.procMount !== 'Default' ? 'procMount' : '',
  ].filter((s) => s !== '');
  const runAsUser = sc.runAsUser ?? pod?.runAsUser;
  const runAsGroup = sc.runAsGroup ?? pod?.runAsGroup;
  const runAsNonRoot = sc.runAsNonRoot ?? pod?.runAsNonRoot;
  const out: Partial<Container> = {};
  const add = addedCapabilities(sc.capabilities?.add ?? [], field, warnings);
  // ECI takes only `true`: `false` is what a container has anyway.
  const readOnly = sc.readOnlyRootFilesystem === true ? READ_ONLY_ROOT_FILESYSTEM : undefined;
  if (add.length || readOnly !== undefined || runAsUser !== undefined) {
    out.SecurityContext = {
      Capability: add.length ? { Add: add } : undefined,
      ReadOnlyRootFilesystem: readOnly,
      RunAsUser: runAsUser,
    };
  }
  if (isInit) {
    // ECI's InitContainer has no RunAsGroup/RunAsNonRoot fields.
    if (runAsGroup !== undefined) ignored.push('runAsGroup');
    if (runAsNonRoot !== undefined) ignored.push('runAsNonRoot');
  } else {
    out.SecurityContextRunAsGroup = runAsGroup;
    out.SecurityContextRunAsNonRoot = runAsNonRoot;
  }
  if (ignored.length > 0)
    warnings.push(`${field}.securityContext: ECI does not support ${ignored.join(', ')}; ignored`);
  return out;
}

export interface ContainerInput {
  c: V1Container;
  field: string;
  isInit: boolean;
  ctx: TranslationContext;
  src: DownwardSource;
  volumes: Map<string, V1Volume>;
  warnings: string[];
}

export function translateContainer({
  c,
  field,
  isInit,
  ctx,
  src,
  volumes,
  warnings,
}: ContainerInput): Container {
  if (!c.image) throw unsupported(`${field}.image`, '""', 'is empty', 'set the container image');
  const { env, expandAt } = containerEnv(c, field, ctx, src, warnings);
  const amounts = effective(containerResources(c, field));
  const container: Container = {
    Name: c.name,
    Image: c.image,
    ImagePullPolicy: oneOf(PULL_POLICIES, c.imagePullPolicy, `${field}.imagePullPolicy`),
    Command: c.command?.map((s, i) => expandAt(s, `${field}.command[${i}]`)),
    Arg: c.args?.map((s, i) => expandAt(s, `${field}.args[${i}]`)),
    WorkingDir: c.workingDir || undefined,
    Cpu: amounts.cpu !== undefined ? ceil3(amounts.cpu) : undefined,
    Memory: amounts.memory !== undefined ? ceil3(amounts.memory / GiB) : undefined,
    Gpu: amounts.gpu || undefined,
    EnvironmentVar: env.length > 0 ? env : undefined,
    Port: ports(c, field, warnings),
    VolumeMount: mounts(c, field, volumes, expandAt),
    ...security(c, src.pod.spec?.securityContext, field, isInit, warnings),
    TerminationMessagePath: c.terminationMessagePath,
    TerminationMessagePolicy: oneOf(
      ['File', 'FallbackToLogsOnError'] as const,
      c.terminationMessagePolicy,
      `${field}.terminationMessagePolicy`,
    ),
  };
  if (isInit) {
    if (c.stdin || c.tty) warnings.push(`${field}: ECI init containers have no stdin/tty; ignored`);
    return container;
  }
  if (c.readinessProbe)
    container.ReadinessProbe = translateProbe(c.readinessProbe, c, `${field}.readinessProbe`, warnings);
  if (c.livenessProbe)
    container.LivenessProbe = translateProbe(c.livenessProbe, c, `${field}.livenessProbe`, warnings);
  if (c.startupProbe)
    container.StartupProbe = translateProbe(c.startupProbe, c, `${field}.startupProbe`, warnings);
  if (c.lifecycle?.postStart)
    Object.assign(
      container,
      translateHook('PostStart', c.lifecycle.postStart, c, `${field}.lifecycle.postStart`, warnings),
    );
  if (c.lifecycle?.preStop)
    Object.assign(
      container,
      translateHook('PreStop', c.lifecycle.preStop, c, `${field}.lifecycle.preStop`, warnings),
    );
  container.Stdin = c.stdin;
  container.StdinOnce = c.stdinOnce;
  container.Tty = c.tty;
  return container;
}
