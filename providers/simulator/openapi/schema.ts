import * as sdk from '@alicloud/eci20180808';
import * as vpcSdk from '@alicloud/vpc20160428';

/** How one wire parameter is typed: a scalar, a 1-based list, or an object of named fields. */
export type FieldSchema =
  | 'string'
  | 'number'
  | 'boolean'
  | { list: FieldSchema }
  | { fields: Record<string, FieldSchema> }
  /** Free-form keys, each of one type (`DataSource.Options.url=...`: a string→string map). */
  | { map: FieldSchema };
export type ObjectSchema = { fields: Record<string, FieldSchema> };

/** The static side of an SDK (Tea) model class: wire names and field types by camelCase key. */
export interface ModelClass {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

function isModelClass(t: unknown): t is ModelClass {
  return typeof t === 'function' && 'names' in t && 'types' in t;
}

function fieldSchema(t: unknown): FieldSchema {
  if (t === 'number' || t === 'boolean') return t;
  if (isModelClass(t)) return objectSchema(t);
  if (typeof t === 'object' && t !== null && 'type' in t && t.type === 'array' && 'itemType' in t) {
    return { list: fieldSchema(t.itemType) };
  }
  if (typeof t === 'object' && t !== null && 'type' in t && t.type === 'map' && 'valueType' in t) {
    return { map: fieldSchema(t.valueType) };
  }
  return 'string';
}

/**
 * The wire schema of an SDK request model: the API metadata Alibaba generates the SDKs from, so
 * the simulator coerces `Cpu` to a number and `Container.1.Port.1.Port` to a number exactly as ECI does.
 */
export function objectSchema(model: ModelClass): ObjectSchema {
  const names = model.names();
  const types = model.types();
  const fields: Record<string, FieldSchema> = {};
  for (const [key, wire] of Object.entries(names)) fields[wire] = fieldSchema(types[key]);
  return { fields };
}

function withContainerExtras(schema: ObjectSchema): ObjectSchema {
  const container = schema.fields.Container;
  if (typeof container !== 'object' || !('list' in container) || typeof container.list !== 'object')
    return schema;
  const item = container.list;
  if (!('fields' in item)) return schema;
  // StartupProbe is in providers/eci-api (and newer ECI API metadata) but not in SDK 2.0.3: same shape as ReadinessProbe.
  const probe = item.fields.ReadinessProbe;
  const fields = probe ? { ...item.fields, StartupProbe: probe } : item.fields;
  return { fields: { ...schema.fields, Container: { list: { fields } } } };
}

/**
 * SecurityGroupId is in the current SDK's DescribeContainerGroupsRequest ("The ID of the security
 * group to which the instance belongs.") but not in SDK 2.0.3: declared here so it is not dropped.
 */
function withSecurityGroupFilter(schema: ObjectSchema): ObjectSchema {
  return { fields: { ...schema.fields, SecurityGroupId: 'string' } };
}

/** Request schemas of the actions the simulator serves, from the SDK's request models. */
export const ACTION_SCHEMAS: Record<string, ObjectSchema> = {
  CreateContainerGroup: withContainerExtras(objectSchema(sdk.CreateContainerGroupRequest)),
  DeleteContainerGroup: objectSchema(sdk.DeleteContainerGroupRequest),
  DescribeContainerGroups: withSecurityGroupFilter(objectSchema(sdk.DescribeContainerGroupsRequest)),
  DescribeContainerGroupStatus: objectSchema(sdk.DescribeContainerGroupStatusRequest),
  DescribeContainerGroupEvents: objectSchema(sdk.DescribeContainerGroupEventsRequest),
  DescribeContainerLog: objectSchema(sdk.DescribeContainerLogRequest),
  ExecContainerCommand: objectSchema(sdk.ExecContainerCommandRequest),
  DescribeContainerGroupMetric: objectSchema(sdk.DescribeContainerGroupMetricRequest),
  DescribeMultiContainerGroupMetric: objectSchema(sdk.DescribeMultiContainerGroupMetricRequest),
  RestartContainerGroup: objectSchema(sdk.RestartContainerGroupRequest),
  UpdateContainerGroup: withContainerExtras(objectSchema(sdk.UpdateContainerGroupRequest)),
  DescribeRegions: objectSchema(sdk.DescribeRegionsRequest),
  DescribeContainerGroupPrice: objectSchema(sdk.DescribeContainerGroupPriceRequest),
  DescribeAvailableResource: objectSchema(sdk.DescribeAvailableResourceRequest),
  ListUsage: objectSchema(sdk.ListUsageRequest),
  CreateImageCache: objectSchema(sdk.CreateImageCacheRequest),
  DescribeImageCaches: objectSchema(sdk.DescribeImageCachesRequest),
  UpdateImageCache: objectSchema(sdk.UpdateImageCacheRequest),
  DeleteImageCache: objectSchema(sdk.DeleteImageCacheRequest),
  ResizeContainerGroupVolume: objectSchema(sdk.ResizeContainerGroupVolumeRequest),
  CommitContainer: objectSchema(sdk.CommitContainerRequest),
  DescribeCommitContainerTask: objectSchema(sdk.DescribeCommitContainerTaskRequest),
  CreateInstanceOpsTask: objectSchema(sdk.CreateInstanceOpsTaskRequest),
  DescribeInstanceOpsRecords: objectSchema(sdk.DescribeInstanceOpsRecordsRequest),
  CreateDataCache: objectSchema(sdk.CreateDataCacheRequest),
  DescribeDataCaches: objectSchema(sdk.DescribeDataCachesRequest),
  UpdateDataCache: objectSchema(sdk.UpdateDataCacheRequest),
  DeleteDataCache: objectSchema(sdk.DeleteDataCacheRequest),
  CopyDataCache: objectSchema(sdk.CopyDataCacheRequest),
  CreateVirtualNode: objectSchema(sdk.CreateVirtualNodeRequest),
  DescribeVirtualNodes: objectSchema(sdk.DescribeVirtualNodesRequest),
  UpdateVirtualNode: objectSchema(sdk.UpdateVirtualNodeRequest),
  DeleteVirtualNode: objectSchema(sdk.DeleteVirtualNodeRequest),
};

/** Request schemas of the VPC actions (API version 2016-04-28) the simulator serves. */
export const VPC_ACTION_SCHEMAS: Record<string, ObjectSchema> = {
  DescribeVSwitches: objectSchema(vpcSdk.DescribeVSwitchesRequest),
};
