import * as eciSdk from '@alicloud/eci20180808';
import * as credentials from '@alicloud/credentials';
import * as openapi from '@alicloud/openapi-client';
import type { CredentialSource, ReadFile } from './credentials.js';
import type { Logger } from '../logger.js';
import { mountedKeyProvider } from './mounted-key.js';
import { fitUrl } from './long-query.js';

/** The official ECI client class (a CommonJS default export, hence `.default.default` from ESM). */
const EciClient = eciSdk.default.default;
type EciClientBase = InstanceType<typeof EciClient>;
export type SdkRuntime = Parameters<EciClientBase['callApi']>[2];

/** What the caller needs of an official client (ECI or VPC): the raw JSON body of a call, by its runtime. */
export interface RawBodyClient {
  rawBody(runtime: SdkRuntime): unknown;
}

/** OpenApi's `callApi`, which every typed call of every official client (ECI and VPC) goes through. */
type OpenApiCalls = Pick<EciClientBase, 'callApi'>;
type CallApi = OpenApiCalls['callApi'];

/**
 * Puts `around` in the way of every call of an official client. The typed calls reach `callApi`
 * through `this`, so an own `callApi` on the instance sees every one of them.
 */
function aroundCalls<C extends OpenApiCalls>(
  client: C,
  around: (call: CallApi, ...args: Parameters<CallApi>) => ReturnType<CallApi>,
): C {
  // Assigned through the shared OpenApi view: C's own `callApi` type may be narrower than OpenApi's.
  const calls: OpenApiCalls = client;
  const callApi = calls.callApi.bind(client);
  calls.callApi = (...args) => around(callApi, ...args);
  return client;
}

/**
 * Makes an official client keep each call's raw JSON body (keyed by the per-call runtime object)
 * next to the SDK's typed response: see wire.ts for why the raw body is what gets read.
 */
export function recordRawBodies<C extends OpenApiCalls>(client: C): C & RawBodyClient {
  const rawBodies = new WeakMap<object, unknown>();
  aroundCalls(client, async (callApi, params, request, runtime) => {
    const response = await callApi(params, request, runtime);
    const body: unknown = response.body;
    rawBodies.set(runtime, body);
    return response;
  });
  return Object.assign(client, { rawBody: (runtime: SdkRuntime): unknown => rawBodies.get(runtime) });
}

/** Makes an official client send a call whose query is too long for a URL in a form body (long-query.ts). */
export function fitUrls<C extends OpenApiCalls>(client: C): C {
  return aroundCalls(client, (callApi, params, request, runtime) =>
    callApi(params, fitUrl(params, request), runtime),
  );
}

/**
 * How every generated RPC call of the official ECI and VPC SDKs goes out (their `...WithOptions`
 * methods): POST to `/`, AccessKey-signed, parameters as form data, a JSON answer.
 */
export function rpcParams(action: string, version: string): openapi.Params {
  return new openapi.Params({
    action,
    version,
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
}

/** The official ECI client, keeping each call's raw JSON body. */
export type RawBodyEciClient = EciClientBase & RawBodyClient;

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

export type Signer = InstanceType<typeof credentials.default.default>;

/** What a key read from a mounted secret needs to follow the secret's changes. */
export interface MountedKeyWatch {
  readFile: ReadFile;
  now: () => number;
  logger: Logger;
}

/** The credential client both official clients (ECI and VPC) sign with: made once, shared. */
export function credentialClient(source: CredentialSource, watch: MountedKeyWatch): Signer {
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
  if (source.mountedAt !== undefined) {
    const initial = { accessKeyId: source.accessKeyId, accessKeySecret: source.accessKeySecret };
    return new Credential(null, mountedKeyProvider({ dir: source.mountedAt, initial, ...watch }));
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
  signer: Signer;
  connectTimeoutMs: number;
  readTimeoutMs: number;
}

/** The settings both official clients (ECI and VPC) are made with, so they sign, time out and identify alike. */
export function clientConfig(opts: ClientOptions): openapi.Config {
  return new openapi.Config({
    credential: opts.signer,
    regionId: opts.regionId,
    endpoint: opts.endpoint.host,
    protocol: opts.endpoint.protocol,
    connectTimeout: opts.connectTimeoutMs,
    readTimeout: opts.readTimeoutMs,
    userAgent: 'ack-virtual-node',
  });
}

export function createEciClient(opts: ClientOptions): RawBodyEciClient {
  return recordRawBodies(fitUrls(new EciClient(clientConfig(opts))));
}
