import type { VSwitch } from '../../../providers/backend.js';

/**
 * DescribeVSwitches as VPC answers it, shared by the reader, zone and model tests. Kept apart from
 * helpers.ts so that a test needing only the data does not import nock, which patches http on import.
 */

/** A vSwitch as the backends report it: the fields VSwitch keeps of the wire item. */
export const HANGZHOU_K: VSwitch = {
  VSwitchId: 'vsw-2ze23nqzig8inprou',
  ZoneId: 'cn-hangzhou-k',
  VpcId: 'vpc-bp1abc',
  CidrBlock: '172.16.0.0/20',
  Status: 'Available',
  AvailableIpAddressCount: 4089,
};

/** A DescribeVSwitches answer as the real API gives it (field names of the SDK's response model). */
export const vSwitchesAnswer = <V extends object>(...vSwitches: V[]) => ({
  RequestId: 'VPC-REQ-1',
  TotalCount: vSwitches.length,
  PageNumber: 1,
  PageSize: 10,
  VSwitches: { VSwitch: vSwitches },
});
