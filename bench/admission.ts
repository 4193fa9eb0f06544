// Admission latency and throughput of the eci-profile webhook: the real express app over HTTPS on
// loopback, fed AdmissionReviews as the API server sends them (keep-alive connections).
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { logger } from '../src/log.js';
import { createCA, issueCert } from '../src/pki/index.js';
import type { EciProfile } from '../src/profile/types.js';
import { createAdmissionMetrics } from '../src/webhook/metrics.js';
import { createWebhookApp, startWebhookServer } from '../src/webhook/server.js';

export interface AdmissionBenchOptions {
  requests: number;
  concurrency: number;
}

export interface AdmissionBenchResult {
  p50Ms: number;
  p99Ms: number;
  rps: number;
}

const MAX_REQUESTS = 200_000;
const MAX_CONCURRENCY = 256;

const PROFILE: EciProfile = {
  selectors: [
    {
      name: 'typed',
      namespaceSelector: { matchLabels: { type: 'eci' } },
      objectSelector: { matchLabels: { 'created-by-eci': 'true' } },
    },
    {
      name: 'gpu',
      namespaceSelector: { matchLabels: { gpu: 'true' } },
      effect: { annotations: { 'k8s.aliyun.com/eci-use-specs': 'ecs.gn6v-c8g1.2xlarge' }, labels: {} },
    },
    {
      name: 'amd',
      objectSelector: { matchLabels: { amd: 'true' } },
      effect: {
        annotations: { 'k8s.aliyun.com/eci-use-specs': 'ecs.c6a.xlarge' },
        labels: { 'created-by-eci': 'true' },
      },
    },
  ],
};

const NAMESPACES: Record<string, Record<string, string>> = { 'gpu-team': { gpu: 'true' }, default: {} };

/** Half the pods match (and get a patch), half do not: both paths are measured. */
function reviewBody(i: number): string {
  const namespace = i % 2 === 0 ? 'gpu-team' : 'default';
  return JSON.stringify({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: `bench-${i}`,
      kind: { group: '', version: 'v1', kind: 'Pod' },
      resource: { group: '', version: 'v1', resource: 'pods' },
      namespace,
      operation: 'CREATE',
      object: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          generateName: 'trainer-',
          namespace,
          labels: { app: 'trainer', 'pod-template-hash': '7fc9f746b6' },
        },
        spec: {
          containers: [
            { name: 'app', image: 'registry.example.com/train:v1', resources: { requests: { cpu: '2' } } },
          ],
        },
      },
    },
  });
}

function post(agent: https.Agent, port: number, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/mutate',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(Buffer.concat(chunks).toString())
            : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function benchAdmission({
  requests,
  concurrency,
}: AdmissionBenchOptions): Promise<AdmissionBenchResult> {
  if (!Number.isInteger(requests) || requests < 1 || requests > MAX_REQUESTS) {
    throw new Error(`benchAdmission: requests is ${requests}: use a whole number from 1 to ${MAX_REQUESTS}`);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new Error(
      `benchAdmission: concurrency is ${concurrency}: use a whole number from 1 to ${MAX_CONCURRENCY}`,
    );
  }
  const ca = await createCA('bench-ca');
  const leaf = await issueCert(ca, { commonName: 'webhook', ipAddresses: ['127.0.0.1'], usage: 'server' });
  const app = createWebhookApp({
    profile: () => PROFILE,
    namespaceLabels: async (ns) => NAMESPACES[ns] ?? {},
    metrics: createAdmissionMetrics(),
  });
  const server = await startWebhookServer(app, {
    host: '127.0.0.1',
    port: 0,
    certPem: leaf.certPem,
    keyPem: leaf.keyPem,
  });
  const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency, ca: ca.certPem });
  // One log line per mutated pod is right in a cluster; here it would measure the terminal.
  const level = logger.level;
  logger.level = 'warn';
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  try {
    const worker = async (): Promise<void> => {
      while (next < requests) {
        const i = next++;
        const t0 = performance.now();
        const answer = JSON.parse(await post(agent, server.port, reviewBody(i))) as {
          response?: { uid?: string; allowed?: boolean };
        };
        latencies.push(performance.now() - t0);
        if (answer.response?.uid !== `bench-${i}` || answer.response.allowed !== true) {
          throw new Error(`request ${i}: unexpected answer ${JSON.stringify(answer)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, requests) }, worker));
  } finally {
    logger.level = level;
    agent.destroy();
    await server.close();
  }
  const elapsedSeconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    rps: requests / elapsedSeconds,
  };
}
