import { COMMIT_TASK_STATUSES, type CommitTaskView } from '../../ops/commit.js';
import { invalidParameter, missingParameter } from '../errors.js';
import { pageById } from '../paging.js';
import { optClientToken, optInteger, optOneOf, optString, optStringList, reqString } from '../params.js';
import type { ActionContext, ActionHandler, OpsControls } from '../types.js';
import type { WireObject } from '../unflatten.js';
import { checkRegion, isWireObject, unsupported } from './common.js';

function ops(ctx: ActionContext, action: string): OpsControls {
  if (!ctx.backend.ops) throw unsupported(action);
  return ctx.backend.ops;
}

/** An object parameter (`Image.Repository=...`), or an empty one when not sent. */
function objectParam(p: WireObject, name: string): WireObject {
  const v = p[name];
  if (v === undefined) return {};
  if (!isWireObject(v)) throw invalidParameter(name, v, `expected ${name}.<Field>=... parameters`);
  return v;
}

/** A task in the wire names of DescribeCommitContainerTaskResponseBodyCommitTasks (no ContainerGroupId there). */
function taskToWire(t: CommitTaskView): Record<string, unknown> {
  return {
    TaskId: t.TaskId,
    TaskStatus: t.TaskStatus,
    TaskProgress: t.TaskProgress,
    StatusMessage: t.StatusMessage,
    ContainerName: t.ContainerName,
    CommitPhaseInfos: t.CommitPhaseInfos.map((i) => ({ ...i })),
    TaskCreationTime: t.TaskCreationTime,
    ...(t.TaskFinishedTime ? { TaskFinishedTime: t.TaskFinishedTime } : {}),
  };
}

export const resizeContainerGroupVolume: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const newSize = optInteger(p, 'NewSize');
  if (newSize === undefined) throw missingParameter('NewSize');
  await ops(ctx, 'ResizeContainerGroupVolume').resizeVolume({
    ContainerGroupId: reqString(p, 'ContainerGroupId'),
    VolumeName: reqString(p, 'VolumeName'),
    NewSize: newSize,
    // Checked, not remembered: repeating a resize to the same size succeeds anyway (ECI then only grows the file system).
    ClientToken: optClientToken(p),
  });
  return {};
};

export const commitContainer: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const image = objectParam(p, 'Image');
  const acr = objectParam(p, 'AcrRegistryInfo');
  const arn = objectParam(p, 'Arn');
  const containerGroupId = reqString(p, 'ContainerGroupId');
  const containerName = reqString(p, 'ContainerName');
  const repository = optString(image, 'Repository');
  if (repository === undefined) throw missingParameter('Image.Repository');
  const tag = optString(image, 'Tag');
  if (tag === undefined) throw missingParameter('Image.Tag');
  return ops(ctx, 'CommitContainer').commit({
    ContainerGroupId: containerGroupId,
    ContainerName: containerName,
    Repository: repository,
    Tag: tag,
    Author: optString(image, 'Author'),
    Message: optString(image, 'Message'),
    AcrInstanceId: optString(acr, 'InstanceId'),
    AcrRegionId: optString(acr, 'RegionId'),
    ArnService: optString(acr, 'ArnService'),
    ArnUser: optString(acr, 'ArnUser'),
    RoleArn: optString(arn, 'RoleArn'),
    RoleType: optString(arn, 'RoleType'),
  });
};

export const describeCommitContainerTask: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const limit = optInteger(p, 'MaxResults', { min: 1, max: 50 }) ?? 10;
  const containerGroupId = optString(p, 'ContainerGroupId');
  const taskIds = optStringList(p, 'TaskId');
  // The page: a query names the instance or the tasks, at least one of the two.
  if (containerGroupId === undefined && taskIds === undefined)
    throw missingParameter('ContainerGroupId or TaskId.1');
  const found = await ops(ctx, 'DescribeCommitContainerTask').describeCommitTasks({
    ContainerGroupId: containerGroupId,
    TaskIds: taskIds,
    TaskStatus: optOneOf(p, 'TaskStatus', COMMIT_TASK_STATUSES),
  });
  const page = pageById(found, (t) => t.TaskId, limit, optString(p, 'NextToken'));
  return {
    CommitTasks: page.items.map(taskToWire),
    TotalCount: page.totalCount,
    NextToken: page.nextToken,
    MaxResults: String(limit),
  };
};

export const createInstanceOpsTask: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  return ops(ctx, 'CreateInstanceOpsTask').createOpsTask({
    ContainerGroupId: reqString(p, 'ContainerGroupId'),
    OpsType: reqString(p, 'OpsType'),
    OpsValue: reqString(p, 'OpsValue'),
  });
};

export const describeInstanceOpsRecords: ActionHandler = async (p, ctx) => {
  checkRegion(p, ctx);
  const records = await ops(ctx, 'DescribeInstanceOpsRecords').describeOpsRecords(
    reqString(p, 'ContainerGroupId'),
    reqString(p, 'OpsType'),
  );
  return { Records: records.map((r) => ({ ...r })) };
};
