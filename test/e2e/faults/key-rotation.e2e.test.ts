/**
 * A user rotates the AccessKey in alibaba-addon-secret as RAM advises: create a second key, put it
 * in the Secret, wait for the controller to sign with it, disable the old one. The controller reads
 * the mounted secret again (no restart), so pods keep being created after the old key is disabled.
 * The secret directory is written as the kubelet writes a secret volume: the files are links into
 * `..data`, itself a link swapped atomically to a new timestamped directory on every change.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterDir, core, createNamespace, virtualNodePod, waitFor, waitForPhase } from '../lib/cluster.js';
import { isAlive, retireExtraController, startExtraController, type ExtraController } from '../lib/faults.js';
import { simAdmin } from '../lib/simulator.js';

const ns = 'e2e-key-rotation';
const NODE = 'virtual-kubelet-e2e-keys';
const OLD = { accessKeyId: 'LTAI5tRotationOld', accessKeySecret: 'rotation-old-secret' };
const NEW = { accessKeyId: 'LTAI5tRotationNew', accessKeySecret: 'rotation-new-secret' };
const secretDir = join(clusterDir, 'addon-secret-rotation');

/** What the kubelet's atomic writer does for a secret volume: a new payload directory, then one rename. */
function mountSecret(key: typeof OLD, version: number): void {
  const payload = `..2026_12_06_00_00_0${version}.rotation`;
  mkdirSync(join(secretDir, payload), { recursive: true });
  writeFileSync(join(secretDir, payload, 'access-key-id'), key.accessKeyId);
  writeFileSync(join(secretDir, payload, 'access-key-secret'), key.accessKeySecret);
  symlinkSync(payload, join(secretDir, '..data_tmp'));
  renameSync(join(secretDir, '..data_tmp'), join(secretDir, '..data'));
  if (version === 1) {
    for (const file of ['access-key-id', 'access-key-secret'])
      symlinkSync(join('..data', file), join(secretDir, file));
  }
}

let controller: ExtraController | undefined;

beforeAll(async () => {
  rmSync(secretDir, { recursive: true, force: true });
  mkdirSync(secretDir, { recursive: true });
  await simAdmin('access-keys', { accessKeyId: OLD.accessKeyId, accessKeySecret: OLD.accessKeySecret });
  mountSecret(OLD, 1);
  await createNamespace(ns);
  controller = await startExtraController(NODE, {
    ALIBABA_CLOUD_ACCESS_KEY_ID: '',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: '',
    ALIBABA_ADDON_SECRET_DIR: secretDir,
  });
});

afterAll(async () => {
  await retireExtraController(controller, ns);
  rmSync(secretDir, { recursive: true, force: true });
});

test('a key rotated in the mounted secret is signed with without a restart; the old key can then be disabled', async () => {
  const { pid, logFile, logStart } = controller ?? { pid: -1, logFile: '', logStart: 0 };
  const ownLog = () => readFileSync(logFile).subarray(logStart).toString('utf8');
  await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('before', ns, { nodeName: NODE }) });
  await waitForPhase(ns, 'before', 'Running', 60_000);

  await simAdmin('access-keys', { accessKeyId: NEW.accessKeyId, accessKeySecret: NEW.accessKeySecret });
  mountSecret(NEW, 2);
  const changed = await waitFor(
    'the controller to log the new key',
    async () =>
      ownLog()
        .split('\n')
        .find((line) => line.includes('the mounted ECI credentials changed')),
    30_000,
  );
  expect(changed).toContain('"from":"LTAI****nOld"');
  expect(changed).toContain('"to":"LTAI****nNew"');
  await simAdmin('access-keys', { accessKeyId: OLD.accessKeyId, status: 'Inactive' });

  await core.createNamespacedPod({ namespace: ns, body: virtualNodePod('after', ns, { nodeName: NODE }) });
  await waitForPhase(ns, 'after', 'Running', 60_000);
  // Deleting needs ECI too: the pod goes only once its container group is deleted with the new key.
  await core.deleteNamespacedPod({ namespace: ns, name: 'before' });
  await waitFor('pod before deleted', async () =>
    (await core.listNamespacedPod({ namespace: ns })).items.every((p) => p.metadata?.name !== 'before')
      ? true
      : undefined,
  );
  const events = await core.listNamespacedEvent({ namespace: ns });
  expect(events.items.filter((e) => e.type === 'Warning').map((e) => `${e.reason}: ${e.message}`)).toEqual(
    [],
  );
  const log = ownLog();
  expect(log).not.toContain(OLD.accessKeySecret);
  expect(log).not.toContain(NEW.accessKeySecret);
  expect(isAlive(pid)).toBe(true);
}, 180_000);
