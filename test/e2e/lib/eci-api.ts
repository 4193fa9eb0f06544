import * as openapi from '@alicloud/openapi-client';
import { rpcParams } from '../../../providers/alibaba/sdk-client.js';
import { env } from './cluster.js';

/** Where and as whom to call ECI: the local cluster's simulator and its test key (`cluster up` writes them). */
export interface EciTarget {
  endpoint: string;
  regionId: string;
  accessKeyId: string;
  accessKeySecret: string;
}

/** The local cluster's simulator, as its controller reaches it, with the test key pair. */
export const clusterEci: EciTarget = {
  endpoint: env.ECI_ENDPOINT,
  regionId: env.ECI_REGION,
  accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID,
  accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
};

const OpenApiClient = openapi.default.default;
type Runtime = Parameters<InstanceType<typeof OpenApiClient>['callApi']>[2];

/**
 * One ECI action as any client of the real API sends it, signed by the official OpenAPI client every
 * Alibaba Cloud SDK is built on, with its answer as raw JSON: a test sees exactly the fields on the
 * wire, not what an SDK model (or this project's reader) keeps of them.
 */
export async function eciCall(
  target: EciTarget,
  action: string,
  query: Record<string, string>,
): Promise<Record<string, unknown>> {
  const url = new URL(target.endpoint);
  const client = new OpenApiClient(
    new openapi.Config({
      accessKeyId: target.accessKeyId,
      accessKeySecret: target.accessKeySecret,
      regionId: target.regionId,
      endpoint: url.host,
      protocol: url.protocol.replace(':', ''),
    }),
  );
  // As the generated SDK methods send it; the client's protocol (the endpoint's) wins over the Params'.
  const params = rpcParams(action, '2018-08-08');
  // The SDK reads only these fields of its runtime options; tea-util (their class) is not our dependency.
  const runtime = { autoretry: false, connectTimeout: 5_000, readTimeout: 10_000 } as unknown as Runtime;
  const response = await client.callApi(params, new openapi.OpenApiRequest({ query }), runtime);
  const body: unknown = response.body;
  if (typeof body !== 'object' || body === null) throw new Error(`${action}: no JSON body`);
  return body as Record<string, unknown>;
}
