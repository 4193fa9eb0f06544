import type { BackendError } from '../backend.js';
import { backendRetries } from '../metrics.js';
import { silentLogger, type Logger } from '../logger.js';
import { toBackendError } from './errors.js';
import { toSdkRequest, type SdkModelClass } from './models.js';
import { acquire, eciQuotas, type CreateQuota, type Limiter } from './rate-limit.js';
import { DEFAULT_RETRY, withRetry, type RetryPolicy } from './retry.js';
import type { RawBodyClient, RawBodyEciClient, SdkRuntime } from './sdk-client.js';
import { list, obj } from './wire.js';

export interface AlibabaBackendTuning {
  retry?: Partial<RetryPolicy>;
  /** ECI's flow-control quotas enforced client-side (default on). */
  rateLimits?: boolean;
  /** The account's Create/DeleteContainerGroup quota (default: ECI's, 20/s, burst 100). */
  createQuota?: CreateQuota;
  connectTimeoutMs?: number;
  readTimeoutMs?: number;
  /** Exec and log calls run longer than describes. */
  slowReadTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  /** Where retries are logged (default: nowhere). */
  logger?: Logger;
}

/** ECI takes up to 20 IDs per call and pages DescribeContainerGroups by 20, status/events by 200. */
export const MAX_IDS = 20;

export type Json = Record<string, unknown>;

type Invoke<Req, C> = (client: C, request: Req, runtime: SdkRuntime) => Promise<unknown>;

export interface CallSpec<Req, C = RawBodyEciClient> {
  action: string;
  /** The SDK model the PascalCase request becomes; without one, `invoke` gets the request as it is. */
  model?: SdkModelClass<Req>;
  invoke: Invoke<Req, C>;
  idempotent: boolean;
  slow?: boolean;
}

export function chunks<T>(items: T[] | undefined, size: number): (T[] | undefined)[] {
  if (items === undefined) return [undefined];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One ECI call as the backend makes it: PascalCase request → SDK model, client-side quota, per-call
 * timeout, the official client, retries with back-off for what may succeed next time, the raw body.
 * Generic over the client so VPC calls (vpc-client.ts) get the same retries, timeouts and errors.
 */
export class EciCaller<C extends RawBodyClient = RawBodyEciClient> {
  private readonly limiters: Record<string, Limiter>;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly client: C,
    private readonly backendName: string,
    private readonly tuning: AlibabaBackendTuning = {},
  ) {
    this.limiters = tuning.rateLimits === false ? {} : eciQuotas(tuning.createQuota);
    this.retry = { ...DEFAULT_RETRY, ...tuning.retry };
    this.sleep = tuning.sleep ?? sleepFor;
    this.random = tuning.random ?? Math.random;
    this.now = tuning.now ?? Date.now;
  }

  private runtime(slow: boolean): SdkRuntime {
    const readTimeout = slow
      ? (this.tuning.slowReadTimeoutMs ?? 30_000)
      : (this.tuning.readTimeoutMs ?? 10_000);
    // A plain object: the SDK only reads these fields, and tea-util (its class) is not our dependency.
    return {
      autoretry: false,
      // httpx hands the connect timeout to Node as the socket's idle timeout for the whole call, so
      // any answer slower than 5 s (a create, a log, a synchronous exec) would fail as a
      // ConnectTimeout: the call's read timeout goes there too.
      connectTimeout: Math.max(this.tuning.connectTimeoutMs ?? 5_000, readTimeout),
      readTimeout,
    } as unknown as SdkRuntime;
  }

  async call<Req>(spec: CallSpec<Req, C>, wire: object): Promise<Json> {
    const { model, extraQueries } = spec.model
      ? toSdkRequest(wire, spec.model)
      : { model: wire as Req, extraQueries: {} };
    return withRetry(
      async () => {
        await acquire(this.limiters[spec.action], spec.action, this.now, this.sleep);
        const runtime = this.runtime(spec.slow ?? false);
        if (Object.keys(extraQueries).length > 0) {
          Object.assign(runtime, { extendsParameters: { queries: extraQueries } });
        }
        await spec.invoke(this.client, model, runtime);
        return obj(this.client.rawBody(runtime));
      },
      (err) => toBackendError(err, spec.action),
      {
        policy: this.retry,
        idempotent: spec.idempotent,
        sleep: this.sleep,
        random: this.random,
        onRetry: (err: BackendError, retry, delayMs) => {
          backendRetries.inc({ backend: this.backendName, action: spec.action, code: err.code });
          (this.tuning.logger ?? silentLogger).warn('ECI call failed, retrying', {
            action: spec.action,
            code: err.code,
            requestId: err.requestId,
            retry,
            delayMs,
          });
        },
      },
    );
  }

  /**
   * Every page of every ID chunk: one logical query, as many calls as ECI's limits need. `paged`
   * false for an action whose answer has no NextToken (DescribeContainerGroupEvents): one call a chunk.
   */
  async collect<Req>(
    spec: CallSpec<Req, C>,
    ids: string[] | undefined,
    request: (ids: string | undefined, nextToken: string | undefined) => object,
    itemsKey: string,
    paged = true,
  ): Promise<unknown[]> {
    if (ids !== undefined && ids.length === 0) return [];
    const items: unknown[] = [];
    for (const chunk of chunks(ids, MAX_IDS)) {
      const seen = new Set<string>();
      let token: string | undefined;
      do {
        const body = await this.call(spec, request(chunk && JSON.stringify(chunk), token));
        items.push(...list(body[itemsKey]));
        token =
          paged && typeof body.NextToken === 'string' && body.NextToken !== '' ? body.NextToken : undefined;
        if (token !== undefined && seen.has(token)) break; // a server repeating a token would loop forever
        if (token !== undefined) seen.add(token);
      } while (token !== undefined);
    }
    return items;
  }
}
