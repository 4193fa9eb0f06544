import { ACTION_SCHEMAS, VPC_ACTION_SCHEMAS, type ObjectSchema } from '../schema.js';
import type { ActionHandler } from '../types.js';
import {
  describeContainerGroupMetric,
  describeContainerLog,
  describeMultiContainerGroupMetric,
  describeRegions,
  execContainerCommand,
} from './containers.js';
import {
  describeContainerGroupEvents,
  describeContainerGroupStatus,
  describeContainerGroups,
} from './describe.js';
import {
  createContainerGroup,
  deleteContainerGroup,
  restartContainerGroup,
  updateContainerGroup,
} from './lifecycle.js';
import { describeAvailableResource, listUsage } from './account.js';
import {
  copyDataCache,
  createDataCache,
  deleteDataCache,
  describeDataCaches,
  updateDataCache,
} from './data-caches.js';
import { createImageCache, deleteImageCache, describeImageCaches, updateImageCache } from './image-caches.js';
import {
  commitContainer,
  createInstanceOpsTask,
  describeCommitContainerTask,
  describeInstanceOpsRecords,
  resizeContainerGroupVolume,
} from './ops.js';
import { describeContainerGroupPrice } from './price.js';
import {
  createVirtualNode,
  deleteVirtualNode,
  describeVirtualNodes,
  updateVirtualNode,
} from './virtual-nodes.js';
import { describeVSwitches } from './vpc.js';

/** The ECI actions (API version 2018-08-08) the simulator answers. */
export const ACTIONS: Record<string, ActionHandler> = {
  CreateContainerGroup: createContainerGroup,
  DeleteContainerGroup: deleteContainerGroup,
  DescribeContainerGroups: describeContainerGroups,
  DescribeContainerGroupStatus: describeContainerGroupStatus,
  DescribeContainerGroupEvents: describeContainerGroupEvents,
  DescribeContainerLog: describeContainerLog,
  ExecContainerCommand: execContainerCommand,
  DescribeContainerGroupMetric: describeContainerGroupMetric,
  DescribeMultiContainerGroupMetric: describeMultiContainerGroupMetric,
  RestartContainerGroup: restartContainerGroup,
  UpdateContainerGroup: updateContainerGroup,
  DescribeRegions: describeRegions,
  DescribeContainerGroupPrice: describeContainerGroupPrice,
  DescribeAvailableResource: describeAvailableResource,
  ListUsage: listUsage,
  CreateImageCache: createImageCache,
  DescribeImageCaches: describeImageCaches,
  UpdateImageCache: updateImageCache,
  DeleteImageCache: deleteImageCache,
  CreateDataCache: createDataCache,
  DescribeDataCaches: describeDataCaches,
  UpdateDataCache: updateDataCache,
  DeleteDataCache: deleteDataCache,
  CopyDataCache: copyDataCache,
  ResizeContainerGroupVolume: resizeContainerGroupVolume,
  CommitContainer: commitContainer,
  DescribeCommitContainerTask: describeCommitContainerTask,
  CreateInstanceOpsTask: createInstanceOpsTask,
  DescribeInstanceOpsRecords: describeInstanceOpsRecords,
  CreateVirtualNode: createVirtualNode,
  DescribeVirtualNodes: describeVirtualNodes,
  UpdateVirtualNode: updateVirtualNode,
  DeleteVirtualNode: deleteVirtualNode,
};

export const API_VERSION = '2018-08-08';

/** The VPC actions (API version 2016-04-28) the simulator answers: what the controller asks of VPC. */
export const VPC_ACTIONS: Record<string, ActionHandler> = {
  DescribeVSwitches: describeVSwitches,
};

export const VPC_API_VERSION = '2016-04-28';

/** One product's API as the gateway serves it: a version, its actions and their request schemas. */
export interface ServedApi {
  /** The product code as Alibaba Cloud writes it (`Eci`, `Vpc`). */
  product: string;
  version: string;
  actions: Record<string, ActionHandler>;
  schemas: Record<string, ObjectSchema>;
}

/**
 * The products this endpoint stands in for. Alibaba's gateway tells them apart by host; one
 * simulator endpoint serves both, so the Version (x-acs-version or Version=) says which is meant.
 */
export const APIS: readonly ServedApi[] = [
  { product: 'Eci', version: API_VERSION, actions: ACTIONS, schemas: ACTION_SCHEMAS },
  { product: 'Vpc', version: VPC_API_VERSION, actions: VPC_ACTIONS, schemas: VPC_ACTION_SCHEMAS },
];
