import express from 'express';
import type { Server } from 'node:http';
import { register } from 'prom-client';

export interface Probes {
  /** Alive: the event loop answers. */
  healthy: () => boolean;
  /** Ready: caches synced and the node registered. */
  ready: () => boolean;
}

/** `/metrics` (Prometheus), `/healthz` and `/readyz` on a plain HTTP port. */
export function serveMetrics(port: number, address: string, probes: Probes): Promise<Server> {
  const app = express();
  app.get('/metrics', async (_req, res) => {
    res.type(register.contentType).send(await register.metrics());
  });
  app.get('/healthz', (_req, res) => {
    res.status(probes.healthy() ? 200 : 500).send(probes.healthy() ? 'ok' : 'unhealthy');
  });
  app.get('/readyz', (_req, res) => {
    res.status(probes.ready() ? 200 : 503).send(probes.ready() ? 'ok' : 'not ready');
  });
  return new Promise((resolve, reject) => {
    const server = app.listen(port, address, () => resolve(server));
    server.once('error', reject);
  });
}
