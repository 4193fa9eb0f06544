import { spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNamespace, deleteNamespace, env, nodeName } from './lib/cluster.js';

/**
 * virtual-kubelet's own provider-agnostic e2e suite (test/e2e of github.com/virtual-kubelet/virtual-kubelet
 * v1.14.1), run by `go test` in test/upstream-vk against this cluster's virtual node. Its output is
 * printed; three tests are skipped there, each with its reason (test/upstream-vk/upstream_test.go, README).
 */
const moduleDir = resolve(dirname(fileURLToPath(import.meta.url)), '../upstream-vk');
const ns = 'vk-e2e';

interface GoTestEvent {
  Action: string;
  Test?: string;
  Output?: string;
}

function goTest(): Promise<{ code: number | null; events: GoTestEvent[] }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      'go',
      [
        'test',
        '-count=1',
        '-json',
        '-timeout=15m',
        '.',
        '-args',
        `-kubeconfig=${env.KUBECONFIG}`,
        `-node-name=${nodeName}`,
        `-namespace=${ns}`,
      ],
      { cwd: moduleDir, env: { ...process.env, CGO_ENABLED: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const events: GoTestEvent[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const event = JSON.parse(line) as GoTestEvent;
        events.push(event);
        if (event.Output) process.stdout.write(event.Output);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, events }));
  });
}

beforeAll(async () => {
  await createNamespace(ns);
});

afterAll(async () => {
  await deleteNamespace(ns);
});

it(
  'passes virtual-kubelet v1.14.1 test/e2e, except three tests that assume its own deployment or mock provider',
  async () => {
    const { code, events } = await goTest();
    const outcome = (action: string): string[] =>
      events
        .filter((e) => e.Action === action && e.Test?.includes('/'))
        .map((e) => (e.Test ?? '').split('/')[1])
        .sort();
    const summary = {
      passed: outcome('pass'),
      failed: outcome('fail'),
      skipped: outcome('skip'),
    };
    process.stdout.write(
      // Not in the "N passed, N failed" shape: that is the closing line of a whole run.
      `upstream virtual-kubelet e2e results: passed ${summary.passed.length}, failed ${summary.failed.length}, ` +
        `skipped ${summary.skipped.length} (${summary.skipped.join(', ')})\n`,
    );
    expect(summary.failed).toEqual([]);
    expect(summary.skipped).toEqual([
      'TestGetMetricsResource',
      'TestGetStatsSummary',
      'TestPodLifecycleGracefulDelete',
    ]);
    expect(summary.passed).toEqual([
      'TestCreatePodWithMandatoryInexistentConfigMap',
      'TestCreatePodWithMandatoryInexistentSecrets',
      'TestCreatePodWithOptionalInexistentConfigMap',
      'TestCreatePodWithOptionalInexistentSecrets',
      'TestGetPods',
      'TestPodLifecycleForceDelete',
    ]);
    expect(code).toBe(0);
  },
  20 * 60_000,
);
