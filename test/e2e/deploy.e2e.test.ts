import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import {
  cliPath,
  coordination,
  core,
  createNamespace,
  deleteNamespace,
  env,
  podsIn,
  waitFor,
} from './lib/cluster.js';
import { clusterRecord, startController, type ExtraController } from './lib/controllers.js';
import { groupsByUid, simGroups, tag } from './lib/simulator.js';

const ns = 'e2e-ha';
const haNode = 'virtual-kubelet-e2e-ha';
const run = promisify(execFile);

function haPod(name: string) {
  return {
    metadata: { name, namespace: ns },
    spec: {
      nodeSelector: { 'kubernetes.io/hostname': haNode },
      tolerations: [{ key: 'virtual-kubelet.io/provider', operator: 'Exists' }],
      containers: [{ name: 'app', image: 'nginx' }],
    },
  };
}

async function allRunning(count: number): Promise<void> {
  await waitFor(
    `${count} pods Running on ${haNode}`,
    async () => {
      const pods = await podsIn(ns);
      return pods.length === count &&
        pods.every((p) => p.status?.phase === 'Running' && p.spec?.nodeName === haNode)
        ? true
        : undefined;
    },
    120_000,
  );
}

async function leaderLease() {
  return coordination.readNamespacedLease({ name: `ack-virtual-node-${haNode}`, namespace: 'kube-system' });
}

describe('two replicas with leader election', () => {
  const replicas: ExtraController[] = [];
  let killed = -1;

  beforeAll(async () => {
    await createNamespace(ns);
    for (const name of ['ha-a', 'ha-b']) {
      replicas.push(
        await startController(haNode, { LEADER_ELECT: 'true', POD_NAMESPACE: 'kube-system' }, name),
      );
    }
  });

  afterAll(async () => {
    for (const r of replicas) await r.stop('SIGKILL');
    await deleteNamespace(ns);
    await core.deleteNode({ name: haNode }).catch(() => undefined);
  });

  it('only the leader acts; the other takes over when it dies, with no duplicates', async () => {
    const lease = await waitFor('a leader', async () =>
      (await leaderLease()).spec?.holderIdentity ? await leaderLease() : undefined,
    );
    for (let i = 0; i < 3; i++) await core.createNamespacedPod({ namespace: ns, body: haPod(`before-${i}`) });
    await allRunning(3);

    const leaderIndex = await waitFor('leader process', async () => {
      const holder = (await leaderLease()).spec?.holderIdentity ?? '';
      const logs = replicas.map((r) => (require_log(r.logFile).includes(holder) ? 1 : 0));
      const i = logs.indexOf(1);
      return i >= 0 ? i : undefined;
    });
    const killedAt = Date.now();
    await replicas[leaderIndex].stop('SIGKILL');
    killed = leaderIndex;
    const takeover = await waitFor(
      'a new leader',
      async () => {
        const holder = (await leaderLease()).spec?.holderIdentity;
        return holder && holder !== lease.spec?.holderIdentity ? holder : undefined;
      },
      60_000,
    );
    console.log(
      `leader takeover after ${((Date.now() - killedAt) / 1000).toFixed(1)} s (new leader ${takeover})`,
    );

    for (let i = 0; i < 3; i++) await core.createNamespacedPod({ namespace: ns, body: haPod(`after-${i}`) });
    await allRunning(6);
    const byUid = await groupsByUid();
    for (const pod of await podsIn(ns)) expect(byUid.get(pod.metadata?.uid ?? '')?.length).toBe(1);
  });

  it('SIGTERM: exits 0, releases the lease, keeps the container groups', async () => {
    const survivor = replicas.find((_r, i) => i !== killed);
    expect(survivor).toBeDefined();
    const before = (await simGroups()).filter((g) => tag(g, 'NodeName') === haNode).length;
    await survivor?.stop('SIGTERM');
    expect(await survivor?.exited).toBe(0);
    expect((await leaderLease()).spec?.holderIdentity ?? '').toBe('');
    expect((await simGroups()).filter((g) => tag(g, 'NodeName') === haNode).length).toBe(before);
  });

  it('cleanup lists the groups whose pods are gone (dry run), and deletes them with --yes', async () => {
    const pods = await podsIn(ns);
    const uids = new Set(pods.map((p) => p.metadata?.uid ?? ''));
    await core.deleteCollectionNamespacedPod({ namespace: ns, gracePeriodSeconds: 0 });
    await waitFor('pods gone', async () => ((await podsIn(ns)).length === 0 ? true : undefined));
    const cleanupEnv = {
      ...process.env,
      ...env,
      ECI_BACKEND: 'alibaba',
      ECI_VSWITCH: 'vsw-sim-hangzhou-b',
      ECI_SECURITY_GROUP: 'sg-sim-default',
      ALIYUN_CLUSTERID: clusterRecord().clusterId,
    };
    const dry = await run(process.execPath, [cliPath, 'cleanup'], { env: cleanupEnv });
    expect(dry.stdout).toMatch(/would delete \(dry run/);
    for (const pod of pods) expect(dry.stdout).toContain(`${ns}/${pod.metadata?.name}`);
    const orphansBefore = await groupsByUid();
    expect([...uids].every((u) => orphansBefore.has(u))).toBe(true);
    const yes = await run(process.execPath, [cliPath, 'cleanup', '--yes'], { env: cleanupEnv });
    expect(yes.stdout).toMatch(/deleted/);
    await waitFor('orphans deleted', async () => {
      const left = await groupsByUid();
      return [...uids].every((u) => !left.has(u)) ? true : undefined;
    });
  });
});

function require_log(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
