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
import { createEciClient, credentialClient, parseEndpoint } from './sdk-client.js';
import { createVpcClient, vpcEndpoint } from './vpc-client.js';

export { AlibabaBackend, type AlibabaBackendTuning } from './backend.js';
export {
  DEFAULT_ADDON_SECRET_DIR,
  MISSING_CREDENTIALS_MESSAGE,
  describeCredentials,
  resolveCredentials,
  type CredentialSource,
} from './credentials.js';
export { parseEndpoint } from './sdk-client.js';
export { vpcEndpoint } from './vpc-client.js';

export interface AlibabaBackendOptions {
  regionId: string;
  /**
   * ECI_ENDPOINT, e.g. `http://127.0.0.1:8080` (the simulator, which serves VPC too); default
   * `https://eci.<region>.aliyuncs.com`. VPC calls follow it as `vpcEndpoint` says.
   */
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
  const vpc = vpcEndpoint(endpoint, opts.regionId);
  const logger = opts.tuning?.logger ?? silentLogger;
  logger.info('ECI backend alibaba', {
    region: opts.regionId,
    endpoint: `${endpoint.protocol}://${endpoint.host}`,
    vpcEndpoint: `${vpc.protocol}://${vpc.host}`,
    credentials: describeCredentials(credentials),
  });
  const client = {
    regionId: opts.regionId,
    signer: credentialClient(credentials, {
      readFile: opts.readFile ?? readTextFile,
      now: opts.tuning?.now ?? Date.now,
      logger,
    }),
    connectTimeoutMs: opts.tuning?.connectTimeoutMs ?? 5_000,
    readTimeoutMs: opts.tuning?.readTimeoutMs ?? 10_000,
  };
  return new AlibabaBackend(
    { eci: createEciClient({ ...client, endpoint }), vpc: createVpcClient({ ...client, endpoint: vpc }) },
    opts.regionId,
    opts.tuning,
  );
}
