import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { errorMessage, logger } from '../log.js';
import type { EciProfile } from '../profile/types.js';
import { createAdmissionMetrics, type AdmissionMetrics } from './metrics.js';
import type { NamespaceLabels } from './namespaces.js';
import { mutatePod, type Mutation } from './patch.js';
import { allowResponse, isPodCreate, readAdmissionRequest, type AdmissionRequest } from './review.js';

export interface WebhookAppOptions {
  /** The profile in effect now (read on every request, so ConfigMap changes apply at once). */
  profile: () => EciProfile;
  namespaceLabels: NamespaceLabels;
  metrics?: AdmissionMetrics;
}

/** A pod is at most ~1.5 MiB in etcd; the review wrapping it stays well under this. */
const BODY_LIMIT = '4mb';

async function admit(request: AdmissionRequest, options: WebhookAppOptions): Promise<Mutation> {
  if (!isPodCreate(request) || request.object === undefined) return { patch: [], matched: [] };
  const pod = request.object;
  const namespace = request.namespace || pod.metadata?.namespace || 'default';
  if (namespace === 'kube-system') return { patch: [], matched: [] };
  const namespaceLabels = await options.namespaceLabels(namespace);
  return mutatePod({ ...pod, metadata: { ...pod.metadata, namespace } }, namespaceLabels, options.profile());
}

function podName(request: AdmissionRequest): string {
  const meta = request.object?.metadata;
  return `${request.namespace ?? meta?.namespace ?? ''}/${meta?.name || `${meta?.generateName ?? ''}*`}`;
}

/** The express app: `POST /mutate` (AdmissionReview v1), `GET /healthz`, `GET /metrics`. */
export function createWebhookApp(options: WebhookAppOptions): express.Express {
  const metrics = options.metrics ?? createAdmissionMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: BODY_LIMIT }));

  app.post('/mutate', async (req, res) => {
    const stopTimer = metrics.duration.startTimer();
    const request = readAdmissionRequest(req.body);
    if ('problem' in request) {
      logger.warn('bad admission request', { err: request.problem });
      metrics.admissions.inc({ matched: 'error' });
      res.status(400).json({ error: request.problem });
      stopTimer();
      return;
    }
    try {
      const { patch, matched } = await admit(request, options);
      if (matched.length > 0) {
        logger.info('pod sent to the virtual node by eci-profile', {
          pod: podName(request),
          matched,
          operations: patch.length,
        });
      }
      metrics.admissions.inc({ matched: matched.length > 0 ? 'true' : 'false' });
      res.json(allowResponse(request.uid, patch));
    } catch (err) {
      // Never block pod creation: the pod is admitted as it is, and the log says why.
      logger.error('eci-profile admission failed, pod admitted unchanged', {
        pod: podName(request),
        err: errorMessage(err),
      });
      metrics.admissions.inc({ matched: 'error' });
      res.json(allowResponse(request.uid));
    } finally {
      stopTimer();
    }
  });

  app.get('/healthz', (_req, res) => {
    res.type('text/plain').send('ok');
  });

  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    const status =
      typeof err === 'object' && err !== null && 'status' in err && typeof err.status === 'number'
        ? err.status
        : 500;
    logger.warn('webhook request rejected', { status, err: errorMessage(err) });
    res.status(status).json({ error: errorMessage(err) });
  });
  return app;
}

export interface WebhookServer {
  host: string;
  port: number;
  /** Stop accepting, let requests in flight finish (bounded), then resolve. */
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port: number;
  certPem: string;
  keyPem: string;
}

/** Serve the app over HTTPS (the API server only calls webhooks over TLS). */
export async function startWebhookServer(
  app: express.Express,
  listen: ListenOptions,
): Promise<WebhookServer> {
  const server = https.createServer({ cert: listen.certPem, key: listen.keyPem, minVersion: 'TLSv1.2' }, app);
  // The API server keeps connections open between calls; keep them open a little longer than it does.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    host: listen.host,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), 5_000);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
