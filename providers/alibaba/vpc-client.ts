import * as openapi from '@alicloud/openapi-client';
import {
  clientConfig,
  recordRawBodies,
  type ClientOptions,
  type Endpoint,
  type RawBodyClient,
} from './sdk-client.js';

/**
 * The official OpenAPI client every Alibaba Cloud SDK is built on (the ECI SDK's base class), not the
 * generated VPC SDK: of its 1,600 actions the controller calls one, and loading `@alicloud/vpc20160428`
 * (2.3 MB of model classes) held about 15 MiB more of the controller's memory for its whole life.
 * DescribeVSwitches goes out as that SDK sends it (vswitches.ts: the same Params).
 */
const OpenApiClient = openapi.default.default;

/** The VPC client, keeping each call's raw JSON body as the ECI client does (see wire.ts). */
export type RawBodyVpcClient = InstanceType<typeof OpenApiClient> & RawBodyClient;

const ALIYUN_HOST = /\.aliyuncs\.com(:\d+)?$/;

/**
 * Where VPC calls go, given the ECI endpoint. An Alibaba Cloud ECI host serves ECI only, so VPC gets
 * its own regional endpoint, the VPC-internal one (`vpc-vpc.<region>`) when ECI is reached over the
 * VPC (`eci-vpc.<region>`), as Alibaba's VPC endpoint table lists them. Any other host (the
 * simulator, a proxy) is taken to serve both products, as `ack-virtual-node simulator` does.
 */
export function vpcEndpoint(eci: Endpoint, regionId: string): Endpoint {
  if (!ALIYUN_HOST.test(eci.host)) return eci;
  const internal = eci.host.startsWith('eci-vpc.');
  return { host: `${internal ? 'vpc-vpc' : 'vpc'}.${regionId}.aliyuncs.com`, protocol: eci.protocol };
}

/** The VPC client with the same credentials, region and timeouts as the ECI client. */
export function createVpcClient(opts: ClientOptions): RawBodyVpcClient {
  return recordRawBodies(new OpenApiClient(clientConfig(opts)));
}
