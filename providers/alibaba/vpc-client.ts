import * as vpcSdk from '@alicloud/vpc20160428';
import {
  clientConfig,
  recordRawBodies,
  type ClientOptions,
  type Endpoint,
  type RawBodyClient,
} from './sdk-client.js';

/** The official VPC client class (a CommonJS default export, hence `.default.default` from ESM). */
const VpcClient = vpcSdk.default.default;

/** The official VPC client, keeping each call's raw JSON body as the ECI client does (see wire.ts). */
export type RawBodyVpcClient = InstanceType<typeof VpcClient> & RawBodyClient;

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
  return recordRawBodies(new VpcClient(clientConfig(opts)));
}
