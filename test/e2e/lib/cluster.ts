import * as k8s from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const clusterDir = process.env.E2E_CLUSTER_DIR ?? join(root, '.cluster/e2e');
/** The product CLI (controller, webhook, simulator, cleanup), as the image runs it. */
export const cliPath = join(root, 'dist/src/cli.js');
/** The development tools' CLI (`cluster up/down/kill`), built with the product by `npm run build:dev`. */
export const devCliPath = join(root, 'dist/test/cluster/cli.js');

/** The `export K=V` lines `cluster up` wrote. */
export function clusterEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of readFileSync(join(clusterDir, 'env'), 'utf8').split('\n')) {
    const m = /^export ([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
  }
  return env;
}

export const env = clusterEnv();
export const nodeName = env.VIRTUAL_NODE;
export const kc = new k8s.KubeConfig();
kc.loadFromFile(env.KUBECONFIG);
export const core = kc.makeApiClient(k8s.CoreV1Api);
export const apps = kc.makeApiClient(k8s.AppsV1Api);
export const coordination = kc.makeApiClient(k8s.CoordinationV1Api);

const run = promisify(execFile);

export async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run('kubectl', ['--kubeconfig', env.KUBECONFIG, ...args], { maxBuffer: 64 << 20 });
  return stdout;
}

export function kubectlStdin(input: string, ...args: string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile('kubectl', ['--kubeconfig', env.KUBECONFIG, ...args], (err, stdout, stderr) =>
      err ? reject(new Error(`kubectl ${args.join(' ')}: ${stderr}`)) : resolvePromise(stdout),
    );
    child.stdin?.end(input);
  });
}

/** Runs the development tools' CLI, e.g. `devCli('cluster', 'kill', '--dir', clusterDir, ...)`. */
export async function devCli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [devCliPath, ...args], { maxBuffer: 16 << 20 });
  return stdout;
}

/** Polls until `check` returns a value (not undefined), or fails with the last state it saw. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 90_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * Checks `check` (it throws, e.g. a failing expect, when the invariant is broken) every 500 ms
 * throughout `ms`: for what must NOT happen, such as a controller touching another node's groups while
 * it sweeps. The window is the test's explicit bound, not a sleep hoping the system is done.
 */
export async function observeFor(what: string, ms: number, check: () => Promise<void>): Promise<void> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`${what}: broken after ${Date.now() - started} ms of ${ms} ms:\n${message}`, {
        cause: err,
      });
    }
    const left = started + ms - Date.now();
    if (left <= 0) return;
    await new Promise((r) => setTimeout(r, Math.min(500, left)));
  }
}

export async function createNamespace(name: string, labels: Record<string, string> = {}): Promise<void> {
  // A namespace of an earlier run on the same cluster dir may still be terminating: wait it out.
  await waitFor(
    `namespace ${name} of an earlier run to be gone`,
    async () =>
      (await core.listNamespace()).items.some((n) => n.metadata?.name === name) ? undefined : true,
    120_000,
  );
  await core.createNamespace({ body: { metadata: { name, labels } } });
  // The service account controller must create `default` before pods can be created in the namespace.
  await waitFor(`service account default in ${name}`, async () =>
    (await core.readNamespacedServiceAccount({ name: 'default', namespace: name })) ? true : undefined,
  );
}

export async function deleteNamespace(name: string): Promise<void> {
  await core.deleteNamespace({ name }).catch(() => undefined);
}

export async function podsIn(namespace: string, labelSelector?: string): Promise<k8s.V1Pod[]> {
  return (await core.listNamespacedPod({ namespace, labelSelector })).items;
}

export function isReady(pod: k8s.V1Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export async function waitForPhase(
  namespace: string,
  name: string,
  phase: string,
  timeoutMs?: number,
): Promise<k8s.V1Pod> {
  return waitFor(
    `pod ${namespace}/${name} ${phase}`,
    async () => {
      const pod = await core.readNamespacedPod({ name, namespace });
      return pod.status?.phase === phase ? pod : undefined;
    },
    timeoutMs,
  );
}

/** A pod that tolerates the virtual node's taint and selects it. */
export function virtualNodePod(
  name: string,
  namespace: string,
  spec: Partial<k8s.V1PodSpec> = {},
): k8s.V1Pod {
  return {
    metadata: { name, namespace },
    spec: {
      nodeSelector: { type: 'virtual-kubelet' },
      tolerations: [{ key: 'virtual-kubelet.io/provider', operator: 'Exists' }],
      containers: [{ name: 'app', image: 'nginx' }],
      ...spec,
    },
  };
}

export async function events(namespace: string, podName: string): Promise<k8s.CoreV1Event[]> {
  const list = await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${podName}` });
  return list.items;
}

/**
 * The first event with this reason on the pod, waited for: the controller's recorder writes events
 * after the change they report, so a test that reads them at once races the write.
 */
export function eventOn(namespace: string, podName: string, reason: string): Promise<k8s.CoreV1Event> {
  return waitFor(`a ${reason} event on ${podName}`, async () =>
    (await events(namespace, podName)).find((e) => e.reason === reason),
  );
}

/** One row of the Events table `kubectl describe` prints. */
export interface DescribedEvent {
  type: string;
  reason: string;
  from: string;
  message: string;
}

/**
 * The Events table of `kubectl describe` output: columns Type, Reason, Age, From, Message, two or
 * more spaces apart (an Age such as `5s (x3 over 20s)` has single spaces only); none for `<none>`.
 */
export function describedEvents(output: string): DescribedEvent[] {
  const lines = output.split('\n');
  const start = lines.findIndex((l) => /^Events:\s*$/.test(l));
  if (start < 0) return [];
  return lines
    .slice(start + 1)
    .map((l) => l.trim().split(/\s{2,}/))
    .filter((cells) => cells.length >= 5 && cells[0] !== 'Type' && !cells[0].startsWith('----'))
    .map(([type, reason, , from, ...message]) => ({ type, reason, from, message: message.join('  ') }));
}

/** `kubectl describe pod`, as a user runs it, and the events it shows. */
export async function describePodEvents(
  namespace: string,
  name: string,
): Promise<{ output: string; events: DescribedEvent[] }> {
  const output = await kubectl('describe', 'pod', '-n', namespace, name);
  return { output, events: describedEvents(output) };
}
