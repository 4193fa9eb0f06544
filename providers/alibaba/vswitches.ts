import * as openapi from '@alicloud/openapi-client';
import { vSwitchNotFound, type VSwitch } from '../backend.js';
import { EciCaller, type AlibabaBackendTuning } from './caller.js';
import { rpcParams } from './sdk-client.js';
import type { RawBodyVpcClient } from './vpc-client.js';
import { list, obj } from './wire.js';

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** A raw `VSwitches.VSwitch[]` item → VSwitch (numbers may arrive as strings from older gateways). */
export function toVSwitch(raw: unknown): VSwitch {
  const v = obj(raw);
  const free = Number(v.AvailableIpAddressCount);
  return {
    VSwitchId: text(v.VSwitchId),
    ZoneId: text(v.ZoneId),
    VpcId: text(v.VpcId),
    CidrBlock: text(v.CidrBlock),
    Status: text(v.Status),
    AvailableIpAddressCount: Number.isFinite(free) ? free : 0,
  };
}

/** DescribeVSwitches as `@alicloud/vpc20160428` 6.3.2's describeVSwitchesWithOptions sends it. */
const DESCRIBE_VSWITCHES = rpcParams('DescribeVSwitches', '2016-04-28');

interface VSwitchQuery {
  RegionId: string;
  VSwitchId: string;
}

/**
 * VPC DescribeVSwitches through the official OpenAPI client, with the ECI client's retries, timeouts and error
 * mapping. DescribeVSwitches is a filtered list: an ID that matches nothing comes back as an empty
 * list, not an error, so a missing ID is turned into a NotFound here.
 */
export class VSwitchLookup {
  private readonly caller: EciCaller<RawBodyVpcClient>;

  constructor(
    client: RawBodyVpcClient,
    private readonly regionId: string,
    backendName: string,
    tuning: AlibabaBackendTuning = {},
  ) {
    this.caller = new EciCaller(client, backendName, tuning);
  }

  /** One record per ID, in the order asked; an ID VPC does not know is a NotFound BackendError. */
  async describeVSwitches(ids: string[]): Promise<VSwitch[]> {
    const found = new Map<string, VSwitch>();
    // VSwitchId takes one ID per request; ECI_VSWITCH names at most 10, asked once at start-up.
    for (const id of new Set(ids)) found.set(id, await this.describeOne(id));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  private async describeOne(id: string): Promise<VSwitch> {
    const query: VSwitchQuery = { RegionId: this.regionId, VSwitchId: id };
    const body = await this.caller.call<VSwitchQuery>(
      {
        action: 'DescribeVSwitches',
        invoke: (c, q, rt) =>
          c.callApi(DESCRIBE_VSWITCHES, new openapi.OpenApiRequest({ query: { ...q } }), rt),
        idempotent: true,
      },
      query,
    );
    const { match, requestId } = readVSwitches(body, id);
    if (match) return match;
    throw vSwitchNotFound(id, this.regionId, requestId);
  }
}

/** What is read of a DescribeVSwitches body: the vSwitch with that ID, if listed, and the RequestId. */
export function readVSwitches(body: unknown, id: string): { match?: VSwitch; requestId?: string } {
  const b = obj(body);
  const match = list(obj(b.VSwitches).VSwitch)
    .map(toVSwitch)
    .find((v) => v.VSwitchId === id);
  return { match, requestId: typeof b.RequestId === 'string' ? b.RequestId : undefined };
}
