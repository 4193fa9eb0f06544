import * as eciSdk from '@alicloud/eci20180808';
import * as credentials from '@alicloud/credentials';
import * as openapi from '@alicloud/openapi-client';
import type { CredentialSource } from './credentials.js';

/** The official ECI client class (a CommonJS default export, hence `.default.default` from ESM). */
const EciClient = eciSdk.default.default;
type EciClientBase = InstanceType<typeof EciClient>;
export type SdkRuntime = Parameters<EciClientBase['callApi']>[2];

/**
 * The official client, keeping each call's raw JSON body (keyed by the per-call runtime object)
 * next to the SDK's typed response: see wire.ts for why the raw body is what gets read.
 */
export class RawBodyEciClient extends EciClient {
  private readonly rawBodies = new WeakMap<object, unknown>();

  override async callApi(
    ...args: Parameters<EciClientBase['callApi']>
  ): ReturnType<EciClientBase['callApi']> {
    const response = await super.callApi(...args);
    const body: unknown = response.body;
    this.rawBodies.set(args[2], body);
    return response;
  }

  rawBody(runtime: SdkRuntime): unknown {
    return this.rawBodies.get(runtime);
  }
}

export interface Endpoint {
  host: string;
  protocol: 'http' | 'https';
}

/** ECI_ENDPOINT (`http://127.0.0.1:8080`, `https://host`, or a bare host) → SDK endpoint + protocol. */
export function parseEndpoint(endpoint: string | undefined, regionId: string): Endpoint {
  if (!endpoint) return { host: `eci.${regionId}.aliyuncs.com`, protocol: 'https' };
  const match = /^(https?):\/\/([^/]+)\/?$/.exec(endpoint);
  if (match) return { protocol: match[1] === 'http' ? 'http' : 'https', host: match[2] ?? endpoint };
  if (/^[A-Za-z0-9.-]+(:\d+)?$/.test(endpoint)) return { host: endpoint, protocol: 'https' };
  throw new Error(
    `ECI endpoint ${JSON.stringify(endpoint)} is not a URL: use e.g. http://127.0.0.1:8080 or eci.${regionId}.aliyuncs.com`,
  );
}

/** The credential client both official clients (ECI and VPC) sign with. */
export function credentialClient(source: CredentialSource): InstanceType<typeof credentials.default.default> {
  const Credential = credentials.default.default;
  if (source.type === 'oidc_role_arn') {
    return new Credential(
      new credentials.Config({
        type: 'oidc_role_arn',
        roleArn: source.roleArn,
        oidcProviderArn: source.oidcProviderArn,
        oidcTokenFilePath: source.oidcTokenFilePath,
        roleSessionName: source.roleSessionName ?? 'ack-virtual-node',
      }),
    );
  }
  return new Credential(
    new credentials.Config({
      type: source.type,
      accessKeyId: source.accessKeyId,
      accessKeySecret: source.accessKeySecret,
      ...(source.securityToken ? { securityToken: source.securityToken } : {}),
    }),
  );
}

export interface ClientOptions {
  regionId: string;
  endpoint: Endpoint;
  credentials: CredentialSource;
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

export function createEciClient(opts: ClientOptions): RawBodyEciClient {
  return new RawBodyEciClient(
    new openapi.Config({
      credential: credentialClient(opts.credentials),
      regionId: opts.regionId,
      endpoint: opts.endpoint.host,
      protocol: opts.endpoint.protocol,
      connectTimeout: opts.connectTimeoutMs,
      readTimeout: opts.readTimeoutMs,
      userAgent: 'ack-virtual-node',
    }),
  );
}
