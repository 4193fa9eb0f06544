import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { errorMessage, logger } from '../log.js';
import { authMiddleware } from './auth-middleware.js';
import { runHandler } from './exec-route.js';
import { HttpError } from './http-error.js';
import { containerLogsHandler } from './logs-route.js';
import { podsHandler, runningPodsHandler } from './pods-route.js';
import { portForwardHandler } from './port-forward.js';
import { attachHandler, execHandler } from './remote-command.js';
import { resourceMetricsHandler, statsSummaryHandler } from './stats-route.js';
import { DEFAULT_MAX_STREAMS, DEFAULT_STREAM_IDLE_TIMEOUT_MS, StreamSessions } from './stream-sessions.js';
import type { KubeletServer, KubeletServerOptions } from './types.js';
import { routeUpgrades } from './upgrade.js';
import { systemClock } from '../../providers/clock.js';

const TEXT = 'text/plain; charset=utf-8';

function methodNotAllowed(allow: string): RequestHandler {
  return (req, res, next) => {
    // The right method on a path no route matched (extra segments, `..`) is a 404, not a 405.
    if (req.method === allow || (allow === 'GET' && req.method === 'HEAD')) return next();
    res.status(405).setHeader('Allow', allow);
    res.type(TEXT).send('Method Not Allowed');
  };
}

/** Errors as the kubelet writes them: plain text with the status. Unknown failures are logged, not echoed. */
const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  let status = 500;
  let message = 'Internal Server Error';
  if (err instanceof HttpError) {
    status = err.status;
    message = err.message;
  } else if (
    typeof err === 'object' &&
    err !== null &&
    'status' in err &&
    typeof err.status === 'number' &&
    err.status < 500
  ) {
    // express's own 4xx, e.g. a path parameter that is not valid percent-encoding.
    status = err.status;
    message = errorMessage(err);
  } else {
    logger.error('kubelet API: request failed', { path: req.path, err: errorMessage(err) });
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status).type(TEXT).send(message);
};

export function kubeletApp(opts: KubeletServerOptions, shutdown: AbortSignal): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use((req, res, next) => {
    res.on('finish', () =>
      logger.debug('kubelet API request', {
        node: opts.nodeName,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        user: res.locals.user as string | undefined,
      }),
    );
    next();
  });

  // The kubelet serves an unauthenticated /healthz on its read-only port (10248); this node has only the
  // secure port, so /healthz is answered there without credentials. It tells nothing but "ok".
  app.get('/healthz', (_req, res) => {
    res.type(TEXT).send('ok');
  });

  app.use(
    authMiddleware({
      nodeName: opts.nodeName,
      authorizer: opts.authorizer,
      clientCaConfigured: opts.clientCaPem !== undefined,
    }),
  );

  const stats = {
    nodeName: opts.nodeName,
    nodeStartTime: opts.nodeStartTime ?? new Date(),
    backend: opts.backend,
    pods: opts.pods,
  };
  app.get(
    '/containerLogs/:namespace/:pod/:container',
    containerLogsHandler({
      backend: opts.backend,
      pods: opts.pods,
      pollIntervalMs: opts.logPollIntervalMs ?? 1000,
      shutdown,
    }),
  );
  app.get('/stats/summary', statsSummaryHandler(stats));
  app.get('/metrics/resource', resourceMetricsHandler(stats));
  app.get('/pods', podsHandler(opts.pods));
  app.get('/runningpods', runningPodsHandler(opts.pods));
  app.all(
    ['/containerLogs/*rest', '/stats/summary', '/metrics/resource', '/pods', '/runningpods'],
    methodNotAllowed('GET'),
  );

  const streams = {
    backend: opts.backend,
    pods: opts.pods,
    sessions: new StreamSessions(
      {
        idleTimeoutMs: opts.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
        maxSessions: opts.maxStreams ?? DEFAULT_MAX_STREAMS,
      },
      opts.clock ?? systemClock,
    ),
    shutdown,
  };
  const exec = execHandler(streams);
  const attach = attachHandler(shutdown);
  const portForward = portForwardHandler({ ...streams, dial: opts.dialPod });
  // GET and POST, as the kubelet: the API server upgrades with POST, older clients with GET.
  app.get(['/exec/:namespace/:pod/:container', '/exec/:namespace/:pod/:uid/:container'], exec);
  app.post(['/exec/:namespace/:pod/:container', '/exec/:namespace/:pod/:uid/:container'], exec);
  app.get(['/attach/:namespace/:pod/:container', '/attach/:namespace/:pod/:uid/:container'], attach);
  app.post(['/attach/:namespace/:pod/:container', '/attach/:namespace/:pod/:uid/:container'], attach);
  app.get(['/portForward/:namespace/:pod', '/portForward/:namespace/:pod/:uid'], portForward);
  app.post(['/portForward/:namespace/:pod', '/portForward/:namespace/:pod/:uid'], portForward);
  app.all(['/exec{/*rest}', '/attach{/*rest}', '/portForward{/*rest}'], methodNotAllowed('POST'));
  const run = runHandler(opts.backend, opts.pods);
  app.post('/run/:namespace/:pod/:container', run);
  app.post('/run/:namespace/:pod/:uid/:container', run);
  app.all('/run{/*rest}', methodNotAllowed('POST'));

  app.use((_req, res) => {
    res.status(404).type(TEXT).send('404 page not found');
  });
  app.use(errorHandler);
  return app;
}

/**
 * The kubelet HTTPS API of the virtual node (port 10250): what `kubectl logs`, metrics-server and the
 * API server's node proxy call. Client certificates are requested but checked per request (not by the
 * TLS handshake), so bearer-token callers without one are still served.
 */
export async function startKubeletServer(opts: KubeletServerOptions): Promise<KubeletServer> {
  const shutdown = new AbortController();
  const app = kubeletApp(opts, shutdown.signal);
  const server = https.createServer(
    {
      cert: opts.tls.certPem,
      key: opts.tls.keyPem,
      ca: opts.clientCaPem,
      requestCert: true,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
    },
    app,
  );
  routeUpgrades(server, app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info('kubelet API listening', {
    node: opts.nodeName,
    address: opts.address,
    port,
    clientCa: opts.clientCaPem !== undefined,
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        shutdown.abort();
        server.close(() => resolve());
        server.closeIdleConnections();
        // Log followers end on the abort above; whatever is still open after that is cut.
        setImmediate(() => server.closeAllConnections());
      }),
  };
}
