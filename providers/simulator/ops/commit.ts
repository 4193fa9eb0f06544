import { rfc3339 } from '../clock.js';
import { isUnpullable } from '../containers.js';
import { invalidParameter, missingParameter } from '../errors.js';

/** The task statuses DescribeCommitContainerTask documents, in the order a task goes through them. */
export const COMMIT_TASK_STATUSES = ['Running', 'Succeeded', 'Failed'] as const;
export type CommitTaskStatus = (typeof COMMIT_TASK_STATUSES)[number];

/** CommitContainer's parameters (Image.*, AcrRegistryInfo.*, Arn.* flattened). */
export interface CommitInput {
  ContainerGroupId: string;
  ContainerName: string;
  Repository: string;
  Tag: string;
  Author?: string;
  Message?: string;
  AcrInstanceId?: string;
  AcrRegionId?: string;
  ArnService?: string;
  ArnUser?: string;
  RoleArn?: string;
  RoleType?: string;
}

/**
 * The phases of a commit and their realistic durations (seconds, before speed scaling). The page's
 * example shows `PullBaseImage` only; the commit and push phases after it are my choice.
 */
export const COMMIT_PHASES = [
  { phase: 'PullBaseImage', seconds: 2 },
  { phase: 'CommitContainer', seconds: 3 },
  { phase: 'PushImage', seconds: 5 },
] as const;

/** A commit task: plain data; what it shows at a time is computed from the clock (commitTaskView). */
export interface CommitTask {
  id: string;
  containerGroupId: string;
  containerName: string;
  image: string;
  createdAt: number;
  /** Clock time each phase of COMMIT_PHASES ends. */
  phaseEnds: number[];
  /** The push is refused: no image can be pushed to this repository. */
  pushFails: boolean;
}

export interface CommitPhaseInfo {
  Phase: string;
  Status: 'Success' | 'Failed';
  Message: string;
  RecordTime: string;
}

/** A task as DescribeCommitContainerTask shows it at one clock time. */
export interface CommitTaskView {
  TaskId: string;
  ContainerGroupId: string;
  ContainerName: string;
  TaskStatus: CommitTaskStatus;
  TaskProgress: string;
  StatusMessage: string;
  TaskCreationTime: string;
  TaskFinishedTime?: string;
  CommitPhaseInfos: CommitPhaseInfo[];
}

/** Container Registry's hosts: Personal Edition `registry[-vpc].<region>.aliyuncs.com`, Enterprise Edition `<instance>-registry[-vpc].<region>.cr.aliyuncs.com`. */
const PERSONAL_HOST = /^registry(-intl)?(-vpc)?\.[a-z0-9-]+\.aliyuncs\.com$/;
const ENTERPRISE_HOST = /^[a-z0-9-]+-registry(-vpc)?\.[a-z0-9-]+\.cr\.aliyuncs\.com$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * The page: images can only be pushed to ACR, and an Enterprise Edition instance needs
 * AcrRegistryInfo (its InstanceId). Repository is `host/namespace/name`, the tag goes in Image.Tag.
 */
export function validateCommit(input: CommitInput): void {
  const parts = input.Repository.split('/');
  const host = parts[0];
  if (parts.length !== 3 || parts.some((p) => p === '')) {
    throw invalidParameter(
      'Image.Repository',
      `"${input.Repository}" is not an ACR repository address: give host/namespace/name, e.g. registry-vpc.cn-hangzhou.aliyuncs.com/team/app.`,
    );
  }
  if (!PERSONAL_HOST.test(host) && !ENTERPRISE_HOST.test(host)) {
    throw invalidParameter(
      'Image.Repository',
      `"${host}" is not a Container Registry (ACR) host: CommitContainer only pushes to ACR (registry[-vpc].<region>.aliyuncs.com or <instance>-registry[-vpc].<region>.cr.aliyuncs.com).`,
    );
  }
  if (parts[2].includes(':') || parts[2].includes('@')) {
    throw invalidParameter(
      'Image.Repository',
      `"${input.Repository}" carries a tag or digest: give the repository alone and the tag in Image.Tag.`,
    );
  }
  if (!TAG.test(input.Tag)) {
    throw invalidParameter(
      'Image.Tag',
      `"${input.Tag}" is not an image tag: use up to 128 letters, digits, "_", "." and "-", not starting with "." or "-".`,
    );
  }
  if (ENTERPRISE_HOST.test(host) && input.AcrInstanceId === undefined) {
    throw missingParameter('AcrRegistryInfo.InstanceId');
  }
}

/** A new task; phase ends come from the engine's clock and the scaled delays. */
export function newCommitTask(
  id: string,
  input: CommitInput,
  now: number,
  delayMs: (seconds: number) => number,
): CommitTask {
  let at = now;
  const phaseEnds = COMMIT_PHASES.map((p) => (at += delayMs(p.seconds)));
  return {
    id,
    containerGroupId: input.ContainerGroupId,
    containerName: input.ContainerName,
    image: `${input.Repository}:${input.Tag}`,
    createdAt: now,
    phaseEnds,
    // The simulator's rule for images that cannot be pulled serves for repositories that cannot be pushed to.
    pushFails: isUnpullable(input.Repository),
  };
}

function phaseMessage(task: CommitTask, phase: string, failed: boolean): string {
  if (failed) return `Push image ${task.image} failed: repository not found or access denied`;
  if (phase === 'PullBaseImage') return `Pull base image for container ${task.containerName} successfully`;
  if (phase === 'CommitContainer') return `Commit container ${task.containerName} successfully`;
  return `Push image ${task.image} successfully`;
}

/** What the task shows at `now`: the phases ended so far, Running until the last one, then Succeeded or Failed. */
export function commitTaskView(task: CommitTask, now: number): CommitTaskView {
  const ended = task.phaseEnds.filter((end) => end <= now).length;
  const last = COMMIT_PHASES.length;
  const failed = task.pushFails && ended === last;
  const infos: CommitPhaseInfo[] = COMMIT_PHASES.slice(0, ended).map((p, i) => {
    const fails = failed && i === last - 1;
    return {
      Phase: p.phase,
      Status: fails ? 'Failed' : 'Success',
      Message: phaseMessage(task, p.phase, fails),
      RecordTime: rfc3339(task.phaseEnds[i]),
    };
  });
  const status: CommitTaskStatus = ended < last ? 'Running' : failed ? 'Failed' : 'Succeeded';
  const done = failed ? last - 1 : ended;
  const message =
    status === 'Running'
      ? `Commit container ${task.containerName}: ${COMMIT_PHASES[ended].phase}`
      : status === 'Failed'
        ? phaseMessage(task, 'PushImage', true)
        : `Commit container ${task.containerName} to ${task.image} successfully`;
  return {
    TaskId: task.id,
    ContainerGroupId: task.containerGroupId,
    ContainerName: task.containerName,
    TaskStatus: status,
    TaskProgress: `${Math.round((done / last) * 100)}%`,
    StatusMessage: message,
    TaskCreationTime: rfc3339(task.createdAt),
    ...(status !== 'Running' ? { TaskFinishedTime: rfc3339(task.phaseEnds[last - 1]) } : {}),
    CommitPhaseInfos: infos,
  };
}
