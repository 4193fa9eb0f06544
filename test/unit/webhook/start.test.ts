import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as k8s from '@kubernetes/client-node';
import { webhook as webhookCommand } from '../../../src/commands/webhook.js';
import { startWebhook, type RunningWebhook } from '../../../src/webhook/start.js';
import { parseWebhookFlags } from '../../../src/webhook/flags.js';
import type { JsonPatchOp } from '../../../src/webhook/types.js';
import { FakeApiServer } from '../../support/fake-apiserver.js';
import { waitFor } from '../profile/wait.js';
import { httpsRequest } from './https-client.js';

const CONFIGS = '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations';

describe('startWebhook (what the `webhook` command runs, against an API server)', () => {
  let fake: FakeApiServer;
  let dir: string;
  let webhook: RunningWebhook;

  beforeAll(async () => {
    fake = new FakeApiServer();
    fake.put('/api/v1/namespaces', { metadata: { name: 'gpu-team', labels: { gpu: 'true' } } });
    await fake.start();
    const kc = fake.kubeConfig();
    dir = await mkdtemp(join(tmpdir(), 'webhook-cmd-'));
    await writeFile(join(dir, 'kubeconfig'), kc.exportConfig());
    const flags = parseWebhookFlags([
      '--listen=127.0.0.1:0',
      `--kubeconfig=${join(dir, 'kubeconfig')}`,
      '--url=https://127.0.0.1:9443',
      `--cert-dir=${join(dir, 'certs')}`,
    ]);
    webhook = await startWebhook(flags);
  });

  afterAll(async () => {
    await webhook.stop();
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('registers vk-webhook with the generated CA and the --url', async () => {
    const config = await waitFor('the registration', () => fake.objects(CONFIGS).get('vk-webhook'));
    const [hook] = (config as k8s.V1MutatingWebhookConfiguration).webhooks ?? [];
    const ca = await readFile(join(dir, 'certs', 'ca.crt'), 'utf8');
    expect(hook.clientConfig).toEqual({
      url: 'https://127.0.0.1:9443/mutate',
      caBundle: Buffer.from(ca).toString('base64'),
    });
  });

  it('serves AdmissionReviews with the live eci-profile and namespace labels', async () => {
    const ca = await readFile(join(dir, 'certs', 'ca.crt'), 'utf8');
    const body = JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'u1',
        resource: { group: '', version: 'v1', resource: 'pods' },
        namespace: 'gpu-team',
        operation: 'CREATE',
        object: {
          metadata: { name: 'trainer', namespace: 'gpu-team' },
          spec: { containers: [{ name: 'app', image: 'x' }] },
        },
      },
    });
    const mutate = async (): Promise<JsonPatchOp[]> => {
      const res = await httpsRequest(webhook.port, ca, 'POST', '/mutate', body);
      const patch = (JSON.parse(res.text) as { response: { patch?: string } }).response.patch;
      return patch ? (JSON.parse(Buffer.from(patch, 'base64').toString()) as JsonPatchOp[]) : [];
    };
    expect(await mutate()).toEqual([]);

    fake.put('/api/v1/namespaces/kube-system/configmaps', {
      metadata: { name: 'eci-profile', namespace: 'kube-system' },
      data: {
        selectors: JSON.stringify([
          {
            name: 'gpu-namespace-selector-1',
            namespaceSelector: { matchLabels: { gpu: 'true' } },
            effect: { annotations: { 'k8s.aliyun.com/eci-use-specs': 'ecs.gn6v-c8g1.2xlarge' } },
          },
        ]),
      },
    });
    const patch = await waitFor('the ConfigMap to apply', async () => {
      const ops = await mutate();
      return ops.length > 0 && ops;
    });
    expect(patch).toContainEqual({
      op: 'add',
      path: '/metadata/annotations',
      value: { 'k8s.aliyun.com/eci-use-specs': 'ecs.gn6v-c8g1.2xlarge' },
    });
  });

  it('as the `webhook` command: serves until its signal aborts, then closes everything and resolves', async () => {
    const abort = new AbortController();
    const running = webhookCommand.run(
      [
        '--listen=127.0.0.1:0',
        `--kubeconfig=${join(dir, 'kubeconfig')}`,
        '--url=https://127.0.0.1:9443',
        `--cert-dir=${join(dir, 'command-certs')}`,
      ],
      abort.signal,
    );
    // The certificates are written before it serves: once there, it is starting up or serving.
    await waitFor('the command to write its certificates', () =>
      readFile(join(dir, 'command-certs', 'tls.crt')).then(
        () => true,
        () => false,
      ),
    );
    abort.abort(new Error('stopped by SIGTERM'));
    await running;
  });
});
