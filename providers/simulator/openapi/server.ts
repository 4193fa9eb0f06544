import { randomUUID } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import {
  answerFormat,
  CONTENT_TYPES,
  encodeAnswer,
  headerValue,
  type AnswerFormat,
} from './answer-format.js';
import { isBackendError } from '../../backend.js';
import { errorMessage, silentLogger } from '../../logger.js';
import { APIS, type ServedApi } from './actions/index.js';
import { AccessKeys } from './access-keys.js';
import { adminRouter } from './admin.js';
import { ApiError, errorBody, toApiError } from './errors.js';
import { execRouter } from './exec-route.js';
import { parsePairs, type ParamPairs } from './percent.js';
import { route } from './routing.js';
import { NonceCache, verifySignature, type SignedRequest } from './signature.js';
import type { OpenApiServerOptions, ServedBackend } from './types.js';
import { unflatten } from './unflatten.js';

/** V1 common parameters: protocol, not business, so they never reach an action handler. */
const SYSTEM_PARAMS = new Set([
  'Action',
  'Version',
  'Format',
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'SignatureType',
  'Timestamp',
  'SecurityToken',
]);

function rawQuery(req: Request): string {
  const i = req.originalUrl.indexOf('?');
  return i < 0 ? '' : req.originalUrl.slice(i + 1);
}

function bodyPairs(req: Request, body: Buffer): ParamPairs {
  const type = req.headers['content-type'] ?? '';
  return type.startsWith('application/x-www-form-urlencoded') ? parsePairs(body.toString('utf8')) : [];
}

/**
 * An answer in the format the request asked for, under `root` (`<Action>Response` or `Error`) in XML,
 * its RequestId also in the `x-acs-request-id` header, as POP sends it (newer SDKs take an error's
 * request ID from that header first).
 */
function send(
  res: Response,
  status: number,
  format: AnswerFormat,
  root: string,
  body: { RequestId: string },
): void {
  res
    .status(status)
    .set('x-acs-request-id', body.RequestId)
    .type(CONTENT_TYPES[format])
    .send(encodeAnswer(format, root, body));
}

/**
 * An ECI-compatible OpenAPI endpoint (RPC style, ECI 2018-08-08, plus VPC 2016-04-28 for the
 * DescribeVSwitches the controller asks) over any Backend: what the official SDKs, the aliyun CLI
 * and the Go SDK send (V3 ACS3-HMAC-SHA256 or V1 HMAC-SHA1 signatures; parameters in the query
 * string or a form body), answered in JSON or XML as `Format` asks (answer-format.ts). The Version
 * picks the product (see routing.ts).
 * `/_sim/` holds unsigned test controls for loopback clients; `/healthz` answers 200.
 */
export function createOpenApiServer(backend: ServedBackend, opts: OpenApiServerOptions): express.Application {
  const keys = new AccessKeys(opts.credentials);
  const now = opts.now ?? Date.now;
  const logger = opts.logger ?? silentLogger;
  const nonces = new NonceCache();
  const hostId = (api?: ServedApi) => `${api?.product.toLowerCase() ?? 'eci'}.${opts.regionId}.aliyuncs.com`;
  const ctx = { backend, regionId: opts.regionId };

  async function handle(req: Request, res: Response): Promise<void> {
    let requestId = randomUUID().toUpperCase();
    let action = headerValue(req.headers, 'x-acs-action');
    let api: ServedApi | undefined;
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signed: SignedRequest = {
      method: req.method,
      path: req.path,
      headers: req.headers,
      queryPairs: parsePairs(rawQuery(req)),
      bodyPairs: bodyPairs(req, rawBody),
      rawBody,
    };
    const all = [...signed.queryPairs, ...signed.bodyPairs];
    // Known before the signature is checked, so even a refused signature is answered as asked.
    const format = answerFormat(all, req.headers);
    try {
      const caller = verifySignature(signed, keys.secretOf, now(), nonces);
      const param = (name: string) => all.findLast(([k]) => k === name)?.[1];
      action = action ?? param('Action');
      const version = headerValue(req.headers, 'x-acs-version') ?? param('Version');
      // The product the version names answers errors, as its own host would.
      api = APIS.find((a) => a.version === version);
      const target = route(action, version);
      const params = unflatten(
        all.filter(([k]) => !SYSTEM_PARAMS.has(k)),
        target.schema,
      );
      const body = await target.handler(params, { ...ctx, host: req.headers.host });
      logger.debug('eci simulator request', {
        action,
        requestId,
        accessKeyId: caller.accessKeyId,
        code: 'Success',
      });
      send(res, 200, format, `${action}Response`, { RequestId: requestId, ...body });
    } catch (err) {
      const apiError = toApiError(err);
      // The engine's own RequestId, when it has one, so its logs and the client's error match.
      if (isBackendError(err) && err.requestId) requestId = err.requestId;
      if (apiError.status >= 500)
        logger.warn('eci simulator request failed', {
          action,
          requestId,
          code: apiError.code,
          err: errorMessage(err),
        });
      else logger.debug('eci simulator request failed', { action, requestId, code: apiError.code });
      send(res, apiError.status, format, 'Error', errorBody(apiError, requestId, hostId(api), api?.product));
    }
  }

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.status(200).type('text/plain').send('ok');
  });
  app.use('/_sim', adminRouter(backend, keys));
  app.use(execRouter(backend));
  // The raw body is kept for the V3 payload hash; form bodies are parsed from it.
  app.all('/', express.raw({ type: () => true, limit: '8mb' }), (req, res) => {
    void handle(req, res);
  });
  app.use((req, res) => {
    const err = new ApiError(
      404,
      'InvalidAction.NotFound',
      `Specified api is not found, please check your url and method (${req.method} ${req.path}): ECI's RPC endpoint is POST /.`,
    );
    const format = answerFormat(parsePairs(rawQuery(req)), req.headers);
    send(res, 404, format, 'Error', errorBody(err, randomUUID().toUpperCase(), hostId()));
  });
  return app;
}
