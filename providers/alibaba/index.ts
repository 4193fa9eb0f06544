import { silentLogger } from '../logger.js';
import { AlibabaBackend, type AlibabaBackendTuning } from './backend.js';
import {
  describeCredentials,
  readTextFile,
  resolveCredentials,
  type CredentialSource,
  type Env,
  type ReadFile,
} from './credentials.js';
import { createEciClient, parseEndpoint } from './sdk-client.js';

export { AlibabaBackend, type AlibabaBackendTuning } from './backend.js';
export {
  DEFAULT_ADDON_SECRET_DIR,
  MISSING_CREDENTIALS_MESSAGE,
  describeCredentials,
  resolveCredentials,
  type CredentialSource,
} from './credentials.js';
export { parseEndpoint } from './sdk-client.js';

export interface AlibabaBackendOptions {
  regionId: string;
  /** ECI_ENDPOINT, e.g. `http://127.0.0.1:8080` (the simulator); default `https://eci.<region>.aliyuncs.com`. */
  endpoint?: string;
  /** Resolved from `env` and the addon secret files when absent. */
  credentials?: CredentialSource;
  env?: Env;
  readFile?: ReadFile;
  tuning?: AlibabaBackendTuning;
}

/**
 * The `alibaba` backend: the official ECI SDK client for the region (or ECI_ENDPOINT). Not
 * instrumented: wrap it with `instrumentBackend` from providers/metrics.ts (idempotent).
 */
export async function createAlibabaBackend(opts: AlibabaBackendOptions): Promise<AlibabaBackend> {
  const credentials =
    opts.credentials ?? resolveCredentials(opts.env ?? process.env, opts.readFile ?? readTextFile);
  const endpoint = parseEndpoint(opts.endpoint, opts.regionId);
  (opts.tuning?.logger ?? silentLogger).info('ECI backend alibaba', {
    region: opts.regionId,
    endpoint: `${endpoint.protocol}://${endpoint.host}`,
    credentials: describeCredentials(credentials),
  });
  const client = createEciClient({
    regionId: opts.regionId,
    endpoint,
    credentials,
    connectTimeoutMs: opts.tuning?.connectTimeoutMs ?? 5_000,
    readTimeoutMs: opts.tuning?.readTimeoutMs ?? 10_000,
  });
  return new AlibabaBackend(client, opts.regionId, opts.tuning);
}
