import type * as k8s from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The chart's runAsUser/runAsGroup. */
export const CHART_UID = 10001;

export async function podman(...args: string[]): Promise<string> {
  const { stdout } = await exec('podman', args, { maxBuffer: 16 << 20 });
  return stdout;
}

/** A container's output: the process's stdout and stderr (podman logs writes them to its own two). */
export async function podmanLogs(name: string, tail = 40): Promise<string> {
  const { stdout, stderr } = await exec('podman', ['logs', '--tail', String(tail), name], {
    maxBuffer: 16 << 20,
  });
  return stdout + stderr;
}

/** The open-files limit of this process: podman's default (1048576) is above what this VM grants. */
function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Max open files'));
  const hard = Number(line?.trim().split(/\s+/)[4]);
  return Number.isInteger(hard) && hard > 0 ? hard : 4096;
}

/** What a container of the rendered chart gets from outside: the values of its env references and volumes. */
export interface PodContext {
  /** fieldRef path → value (metadata.namespace, status.podIP). */
  fields: Record<string, string>;
  /** Secret name → its data, as the chart's Secrets (stringData) or a test made them. */
  secrets: Record<string, Record<string, string>>;
  /** Env values that differ outside a pod network (ports on the shared host network, Service DNS). */
  envOverrides: Record<string, string>;
  /** Extra files mounted read-only: container path → host path (the service account token). */
  mounts: Record<string, string>;
}

function envValue(e: k8s.V1EnvVar, ctx: PodContext): string {
  if (e.value !== undefined) return e.value;
  const field = e.valueFrom?.fieldRef?.fieldPath;
  if (field !== undefined) {
    const v = ctx.fields[field];
    if (v === undefined) throw new Error(`env ${e.name}: no value for fieldRef ${field}`);
    return v;
  }
  const ref = e.valueFrom?.secretKeyRef;
  const v = ref ? ctx.secrets[ref.name ?? '']?.[ref.key] : undefined;
  if (v === undefined) throw new Error(`env ${e.name}: cannot resolve ${JSON.stringify(e.valueFrom)}`);
  return v;
}

/** A host folder standing for a pod volume: emptyDir/PVC writable by the chart's UID, Secret files read-only. */
function volumeDir(v: k8s.V1Volume, ctx: PodContext): { dir: string; readOnly: boolean } {
  const dir = mkdtempSync(join(tmpdir(), `ack-vn-vol-${v.name}-`));
  if (v.secret) {
    const data = ctx.secrets[v.secret.secretName ?? ''];
    if (data === undefined) throw new Error(`volume ${v.name}: no Secret ${v.secret.secretName}`);
    const items = v.secret.items ?? Object.keys(data).map((key) => ({ key, path: key }));
    for (const item of items) writeFileSync(join(dir, item.path), data[item.key] ?? '', { mode: 0o644 });
    chmodSync(dir, 0o755);
    return { dir, readOnly: true };
  }
  if (v.emptyDir || v.persistentVolumeClaim) {
    chownSync(dir, CHART_UID, CHART_UID);
    return { dir, readOnly: false };
  }
  throw new Error(`volume ${v.name}: only emptyDir, persistentVolumeClaim and secret volumes are run here`);
}

/**
 * `podman run` arguments for a container of a rendered Deployment, as a kubelet would run it with
 * the chart's securityContext: UID/GID 10001, read-only root filesystem (no tmpfs podman would add
 * on its own: only the chart's volumes are writable), no capabilities, no privilege escalation.
 * Host network: the apiserver and the simulator are on this machine's loopback.
 */
export function runArgs(
  name: string,
  image: string,
  pod: k8s.V1PodSpec,
  container: k8s.V1Container,
  ctx: PodContext,
): string[] {
  const sc = container.securityContext ?? {};
  const args = [
    'run',
    '--detach',
    '--name',
    name,
    '--hostname',
    name,
    '--runtime',
    'runc',
    '--network',
    'host',
  ];
  args.push(
    '--user',
    `${sc.runAsUser ?? pod.securityContext?.runAsUser}:${sc.runAsGroup ?? pod.securityContext?.runAsGroup}`,
  );
  if (sc.readOnlyRootFilesystem) args.push('--read-only', '--read-only-tmpfs=false');
  for (const cap of sc.capabilities?.drop ?? []) args.push('--cap-drop', cap);
  if (sc.allowPrivilegeEscalation === false) args.push('--security-opt', 'no-new-privileges');
  // runc applies every rlimit podman asks for; this VM refuses podman's defaults.
  const nofile = openFilesLimit();
  args.push('--ulimit', `nofile=${nofile}:${nofile}`, '--ulimit', 'nproc=4096:4096');
  const env = new Map((container.env ?? []).map((e) => [e.name, envValue(e, ctx)]));
  for (const [k, v] of Object.entries(ctx.envOverrides)) env.set(k, v);
  for (const [k, v] of env) args.push('--env', `${k}=${v}`);
  const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
  for (const m of container.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (v === undefined) throw new Error(`mount ${m.name}: no such volume in the pod`);
    const { dir, readOnly } = volumeDir(v, ctx);
    args.push('--volume', `${dir}:${m.mountPath}${readOnly || m.readOnly ? ':ro' : ''}`);
  }
  for (const [inside, outside] of Object.entries(ctx.mounts))
    args.push('--volume', `${outside}:${inside}:ro`);
  args.push(image, ...(container.command ?? []), ...(container.args ?? []));
  return args;
}

/** A folder holding what a pod's service account mount holds: token, ca.crt, namespace. */
export function serviceAccountDir(token: string, caPem: string, namespace: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ack-vn-sa-'));
  writeFileSync(join(dir, 'token'), token, { mode: 0o644 });
  writeFileSync(join(dir, 'ca.crt'), caPem, { mode: 0o644 });
  writeFileSync(join(dir, 'namespace'), namespace, { mode: 0o644 });
  chmodSync(dir, 0o755);
  return dir;
}
