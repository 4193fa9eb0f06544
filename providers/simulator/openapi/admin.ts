import express, { type NextFunction, type Request, type Response } from 'express';
import type { ContainerGroup } from '../../eci-api/index.js';
import { errorMessage } from '../../logger.js';
import type { AccessKeys, AccessKeyStatus } from './access-keys.js';
import type { FaultSettings, ServedBackend } from './types.js';

interface AccessKeyChange {
  accessKeyId: string;
  secret?: string;
  status?: AccessKeyStatus;
}

/** Test-only controls of the engine. They carry no signature, so they answer loopback peers only. */

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}

function loopbackOnly(req: Request, res: Response, next: NextFunction): void {
  if (isLoopback(req.socket.remoteAddress)) return next();
  res.status(403).json({ error: '/_sim/ routes answer loopback clients only' });
}

function bad(res: Response, message: string): void {
  res.status(400).json({ error: message });
}

function optionalNumber(
  body: Record<string, unknown>,
  key: keyof FaultSettings,
  max?: number,
): number | undefined | string {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || v < 0 || (max !== undefined && v > max)) {
    return `${key} must be a number between 0 and ${max ?? 'any'}, got ${JSON.stringify(v)}`;
  }
  return v;
}

function parseFaults(body: Record<string, unknown>): FaultSettings | string {
  const known = new Set(['errorRate', 'latencyMs', 'timeoutRate', 'timeoutMs', 'throttle', 'refuseUpdates']);
  const unknown = Object.keys(body).filter((k) => !known.has(k));
  if (unknown.length > 0)
    return `unknown fault settings ${unknown.join(', ')}: use errorRate, latencyMs, timeoutRate, timeoutMs, throttle, refuseUpdates`;
  if (body.refuseUpdates !== undefined && typeof body.refuseUpdates !== 'string') {
    return `refuseUpdates must be a message (a string, '' to stop refusing), got ${JSON.stringify(body.refuseUpdates)}`;
  }
  const errorRate = optionalNumber(body, 'errorRate', 1);
  const timeoutRate = optionalNumber(body, 'timeoutRate', 1);
  const latencyMs = optionalNumber(body, 'latencyMs');
  const timeoutMs = optionalNumber(body, 'timeoutMs');
  for (const v of [errorRate, timeoutRate, latencyMs, timeoutMs]) if (typeof v === 'string') return v;
  if (body.throttle !== undefined && typeof body.throttle !== 'boolean') {
    return `throttle must be true or false, got ${JSON.stringify(body.throttle)}`;
  }
  const faults: FaultSettings = {};
  if (typeof errorRate === 'number') faults.errorRate = errorRate;
  if (typeof timeoutRate === 'number') faults.timeoutRate = timeoutRate;
  if (typeof latencyMs === 'number') faults.latencyMs = latencyMs;
  if (typeof timeoutMs === 'number') faults.timeoutMs = timeoutMs;
  if (typeof body.throttle === 'boolean') faults.throttle = body.throttle;
  if (typeof body.refuseUpdates === 'string') faults.refuseUpdates = body.refuseUpdates;
  return faults;
}

async function allGroups(backend: ServedBackend): Promise<ContainerGroup[]> {
  if (backend.listContainerGroups) return [...(await backend.listContainerGroups())];
  return backend.describeContainerGroups({});
}

function parseAccessKey(body: Record<string, unknown>): AccessKeyChange | string {
  const { accessKeyId, accessKeySecret, status } = body;
  if (typeof accessKeyId !== 'string' || accessKeyId === '')
    return 'accessKeyId must be an access key ID, e.g. LTAI5tNewKey';
  if (accessKeySecret !== undefined && (typeof accessKeySecret !== 'string' || accessKeySecret === ''))
    return 'accessKeySecret must be a non-empty string';
  if (status !== undefined && status !== 'Active' && status !== 'Inactive')
    return `status must be "Active" or "Inactive", got ${JSON.stringify(status)}`;
  return { accessKeyId, secret: accessKeySecret, status };
}

export function adminRouter(backend: ServedBackend, keys: AccessKeys): express.Router {
  const router = express.Router();
  router.use(loopbackOnly, express.json());

  router.post('/access-keys', (req: Request, res: Response) => {
    const change = parseAccessKey(req.body ?? {});
    if (typeof change === 'string') return bad(res, change);
    try {
      keys.set(change.accessKeyId, change);
      res.json({ accessKeyId: change.accessKeyId, ...(change.status ? { status: change.status } : {}) });
    } catch (err) {
      bad(res, errorMessage(err));
    }
  });

  router.post('/stock', async (req: Request, res: Response) => {
    const body: Record<string, unknown> = req.body ?? {};
    const { zoneId, available, spec } = body;
    if (typeof zoneId !== 'string' || zoneId === '')
      return bad(res, 'zoneId must be a zone ID, e.g. cn-hangzhou-b');
    if (
      available !== 'unlimited' &&
      (typeof available !== 'number' || available < 0 || !Number.isInteger(available))
    ) {
      return bad(
        res,
        `available must be a whole number >= 0 or "unlimited", got ${JSON.stringify(available)}`,
      );
    }
    if (spec !== undefined && typeof spec !== 'string')
      return bad(res, 'spec must be a string like 2-4Gi or ecs.c6.large');
    if (!backend.setStock) return void res.status(501).json({ error: 'this backend has no stock control' });
    try {
      await backend.setStock(zoneId, available, spec);
      res.json({ zoneId, available, ...(spec !== undefined ? { spec } : {}) });
    } catch (err) {
      bad(res, errorMessage(err));
    }
  });

  router.post('/no-stock', (req: Request, res: Response) => {
    const shows: unknown = (req.body ?? {}).shows;
    if (shows !== 'error' && shows !== 'scheduleFailed')
      return bad(res, `shows must be "error" or "scheduleFailed", got ${JSON.stringify(shows)}`);
    if (!backend.setNoStock) return void res.status(501).json({ error: 'this backend has no stock control' });
    backend.setNoStock(shows);
    res.json({ shows });
  });

  router.post('/faults', async (req: Request, res: Response) => {
    const faults = parseFaults(req.body ?? {});
    if (typeof faults === 'string') return bad(res, faults);
    if (!backend.setFaults)
      return void res.status(501).json({ error: 'this backend has no fault injection' });
    try {
      await backend.setFaults(faults);
      res.json(faults);
    } catch (err) {
      bad(res, errorMessage(err));
    }
  });

  router.get('/groups', async (_req: Request, res: Response) => {
    try {
      const groups = await allGroups(backend);
      res.json({ ContainerGroups: groups, TotalCount: groups.length });
    } catch (err) {
      res.status(500).json({ error: errorMessage(err) });
    }
  });

  return router;
}
