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
};

export const API_VERSION = '2018-08-08';
