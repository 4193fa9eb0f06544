import * as k8s from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHelm } from '../../cluster/helm.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const chartDir = join(root, 'charts/ack-virtual-node');
export const fullValues = join(chartDir, 'ci/full-values.yaml');
export const RELEASE = 'ack-virtual-node';

/** Helm's own state (repositories, cache) goes to a scratch folder, not the user's home. */
const helmHome = mkdtempSync(join(tmpdir(), 'ack-vn-helm-'));
let helmPath: Promise<string> | undefined;

/** Built from the Go module proxy on first use (minutes), cached per user afterwards. */
export function helmBinary(): Promise<string> {
  helmPath ??= ensureHelm({ onProgress: (line) => process.stderr.write(`[helm] ${line}\n`) });
  return helmPath;
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs helm; never throws, so a test can assert on a failure's message. */
export async function helm(...args: string[]): Promise<Result> {
  const bin = await helmBinary();
  const env = {
    ...process.env,
    HELM_CACHE_HOME: join(helmHome, 'cache'),
    HELM_CONFIG_HOME: join(helmHome, 'config'),
    HELM_DATA_HOME: join(helmHome, 'data'),
  };
  return new Promise((resolvePromise) => {
    execFile(bin, args, { env, maxBuffer: 32 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** `helm template` that must succeed: its YAML. */
export async function templateYaml(namespace: string, ...args: string[]): Promise<string> {
  const out = await helm('template', RELEASE, chartDir, '--namespace', namespace, ...args);
  if (out.code !== 0) throw new Error(`helm template failed (exit ${out.code}):\n${out.stderr}`);
  return out.stdout;
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** `helm template` rendered and parsed, one object per document. */
export async function render(namespace: string, ...args: string[]): Promise<Manifest[]> {
  // Split first: a document of only comments parses to null, which loadAllYaml cannot deserialize.
  return (await templateYaml(namespace, ...args))
    .split(/^---\s*$/m)
    .filter((doc) => doc.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('#')))
    .map((doc) => k8s.loadYaml<Manifest>(doc));
}

export function find<T>(objects: Manifest[], kind: string, name: string): T {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) {
    const have = objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ');
    throw new Error(`no ${kind}/${name} in the rendered chart; it has ${have}`);
  }
  return found as unknown as T;
}

/** A values file in a scratch folder (for the bad-values cases). */
export function valuesFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ack-vn-values-'));
  const file = join(dir, 'values.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** The env of a container as name → value, or `fieldRef:<path>` / `secret:<name>/<key>` for references. */
export function envOf(container: k8s.V1Container): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    else if (e.valueFrom?.fieldRef) env[e.name] = `fieldRef:${e.valueFrom.fieldRef.fieldPath}`;
    else if (e.valueFrom?.secretKeyRef)
      env[e.name] = `secret:${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`;
  }
  return env;
}
