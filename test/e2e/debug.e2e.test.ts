// `kubectl debug` against a pod on the virtual node, with the real kubectl: an ephemeral container
// cannot run on ECI, so it ends at once with the reason and the fix, and kubectl returns instead of
// waiting forever; `--copy-to` (a new pod with the debug container) runs.
import { execFile } from 'node:child_process';
import {
  core,
  createNamespace,
  deleteNamespace,
  env,
  eventOn,
  kubectl,
  nodeName,
  virtualNodePod,
  waitForPhase,
} from './lib/cluster.js';
import { groupsByUid } from './lib/simulator.js';

const ns = 'e2e-debug';

beforeAll(async () => {
  await createNamespace(ns);
  await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('target', ns) });
  await waitForPhase(ns, 'target', 'Running');
});
afterAll(() => deleteNamespace(ns));

/**
 * kubectl's exit code and output, whether it failed or not. `kubectl debug --attach` has no timeout
 * of its own: one that waits for a container forever is killed after 2 min (code SIGTERM).
 */
function kubectlOutcome(...args: string[]): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      ['--kubeconfig', env.KUBECONFIG, ...args],
      { timeout: 120_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (err.signal ?? Number(err.code ?? 1)) : 0, output: stdout + stderr }),
    );
  });
}

it('an ephemeral container ends at once with StartError and the fix; kubectl debug --attach returns with it', async () => {
  const before = await core.readNamespacedPod({ name: 'target', namespace: ns });
  const groupId = before.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id'];
  const attached = await kubectlOutcome(
    'debug',
    '-n',
    ns,
    'target',
    '--image=busybox',
    '-c',
    'dbg',
    '--attach',
  );
  // kubectl waits for the container to run or end, then (ended) shows its logs: our 400 says why.
  expect(attached.code).toBe(1);
  expect(attached.output).toContain('ECI cannot add container "dbg"');
  const fix =
    'kubectl debug target --copy-to=target-debug --image=busybox --share-processes -c debugger -- sleep infinity';
  expect(attached.output).toContain(fix);

  const pod = await core.readNamespacedPod({ name: 'target', namespace: ns });
  const dbg = pod.status?.ephemeralContainerStatuses?.find((s) => s.name === 'dbg');
  expect(dbg?.state?.terminated).toMatchObject({ exitCode: 128, reason: 'StartError' });
  expect(dbg?.state?.terminated?.message).toContain('kubectl exec -it target -- sh');
  // The pod itself is untouched: still Running, same group, no restart.
  expect(pod.status?.phase).toBe('Running');
  expect(pod.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).toBe(groupId);
  expect(pod.status?.containerStatuses?.[0].restartCount).toBe(0);
  const warning = await eventOn(ns, 'target', 'ProviderUpdateFailed');
  expect(warning.type).toBe('Warning');
  expect(warning.message).toContain('spec.ephemeralContainers[0]: dbg (image busybox) was not applied');

  const logs = await kubectlOutcome('logs', '-n', ns, 'target', '-c', 'dbg');
  expect(logs.code).toBe(1);
  expect(logs.output).toContain('ECI cannot add container "dbg"');
});

it('the fix works: kubectl debug --copy-to runs a copy with the debug container, entered with kubectl exec', async () => {
  const fix =
    'debug target --copy-to=target-debug --image=busybox --share-processes -c debugger -- sleep infinity';
  await kubectl('-n', ns, ...fix.split(' '));
  const copy = await waitForPhase(ns, 'target-debug', 'Running');
  expect(copy.spec?.shareProcessNamespace).toBe(true);
  expect(copy.status?.containerStatuses?.map((s) => s.name).sort()).toEqual(['app', 'debugger']);
  const group = (await groupsByUid()).get(copy.metadata?.uid ?? '')?.[0];
  expect(group?.Containers.map((c) => c.Name).sort()).toEqual(['app', 'debugger']);
  expect((await kubectl('exec', '-n', ns, 'target-debug', '-c', 'debugger', '--', 'hostname')).trim()).toBe(
    'target-debug',
  );
  const original = await core.readNamespacedPod({ name: 'target', namespace: ns });
  expect(original.status?.phase).toBe('Running');
  expect(original.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id']).not.toBe(
    copy.metadata?.annotations?.['k8s.aliyun.com/eci-instance-id'],
  );
});

it('kubectl debug node/<virtual node> returns with why ECI cannot run a host-namespace pod', async () => {
  const attached = await kubectlOutcome('debug', '-n', ns, `node/${nodeName}`, '--image=busybox', '--attach');
  expect(attached.code).toBe(1);
  const [debugger_] = (await core.listNamespacedPod({ namespace: ns })).items.filter((p) =>
    p.metadata?.name?.startsWith('node-debugger-'),
  );
  expect(debugger_.status).toMatchObject({ phase: 'Failed', reason: 'ProviderFailed' });
  const message = debugger_.status?.message ?? '';
  expect(message).toMatch(/host(Network|PID|IPC)/);
  expect(attached.output).toContain(`was not created: ${message}`);
});
