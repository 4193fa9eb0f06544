import { BackendError } from '../../backend.js';
import type { SimContext } from '../context.js';
import { groupNotFound, incorrectStatus } from '../errors.js';
import type { RequestGate } from '../faults.js';
import { findContainer, type SimGroup } from '../model.js';
import { newContainerGroupId } from '../random.js';
import {
  commitTaskView,
  newCommitTask,
  validateCommit,
  type CommitInput,
  type CommitTaskStatus,
  type CommitTaskView,
} from './commit.js';
import {
  COREDUMP_NO_EXPIRY,
  opsRecordView,
  parseCoredumpValue,
  parseOpsType,
  parseTcpdumpValue,
  type OpsRecord,
  type OpsRecordView,
} from './instance-ops.js';
import type { OpsTasks } from './tasks.js';
import { resizeDiskVolume, type ResizeVolumeInput } from './volumes.js';

/** DescribeCommitContainerTask filters (every one given must match). */
export interface CommitTaskFilter {
  ContainerGroupId?: string;
  TaskIds?: string[];
  TaskStatus?: CommitTaskStatus;
}

export interface OpsTaskInput {
  ContainerGroupId: string;
  OpsType: string;
  OpsValue: string;
}

/** ECI refuses a new coredump setting this soon after the last (Coredump.RefrshIntervalTooShort); the page gives no interval: my choice. */
export const COREDUMP_REFRESH_MS = 10_000;
/** The capture file's upload after a tcpdump stop, seconds before speed scaling (my choice). */
export const TCPDUMP_UPLOAD_SECONDS = 3;
/** How long a capture's result link stays listed (my choice). */
export const TCPDUMP_RESULT_MS = 7 * 24 * 3600_000;

const ENDED = new Set(['Succeeded', 'Failed', 'Expired', 'ScheduleFailed']);

/** A tcpdump capture still running: it has no upload time until it is stopped. */
function isCapturing(r: OpsRecord): boolean {
  return r.type === 'tcpdump' && r.readyAt === undefined;
}

/** `t-` + 20 characters, like real task IDs (t-2zej6nstkg744qc3****). */
function newTaskId(): string {
  return `t-${newContainerGroupId().slice('eci-'.length)}`;
}

/**
 * ResizeContainerGroupVolume, CommitContainer / DescribeCommitContainerTask and
 * CreateInstanceOpsTask / DescribeInstanceOpsRecords on the engine's groups. Tasks are plain data
 * with clock times, kept on the context (ctx.opsTasks: saved, and dropped with their group); what
 * they show is computed from the engine's clock at each describe.
 */
export class SimOps {
  private readonly tasks: OpsTasks;

  constructor(
    private readonly ctx: SimContext,
    private readonly gate: RequestGate,
  ) {
    this.tasks = ctx.opsTasks;
  }

  resizeVolume(input: ResizeVolumeInput): Promise<void> {
    return this.gate.run('ResizeContainerGroupVolume', () => {
      resizeDiskVolume(this.group(input.ContainerGroupId), input);
      this.ctx.dirty();
    });
  }

  /** The group and the container must be Running: the commit snapshots the container's live file system (my choice). */
  commit(input: CommitInput): Promise<{ TaskId: string }> {
    return this.gate.run('CommitContainer', () => {
      const g = this.group(input.ContainerGroupId);
      const c = findContainer(g, input.ContainerName);
      if (!c) {
        throw new BackendError(
          'NotFound',
          'InvalidParameter.NotFound',
          `ContainerName "${input.ContainerName}" is not a container of container group ${g.id}.`,
        );
      }
      validateCommit(input);
      if (g.status !== 'Running') throw incorrectStatus(g.id, g.status, 'Running');
      if (c.state.State !== 'Running') throw incorrectStatus(`${g.id}/${c.name}`, c.state.State, 'Running');
      const task = newCommitTask(newTaskId(), input, this.ctx.now(), (s) => this.ctx.delay(s, false));
      this.tasks.commits.set(task.id, task);
      this.ctx.dirty();
      return { TaskId: task.id };
    });
  }

  describeCommitTasks(filter: CommitTaskFilter): Promise<CommitTaskView[]> {
    return this.gate.run('DescribeCommitContainerTask', () => {
      const now = this.ctx.now();
      return [...this.tasks.commits.values()]
        .filter(
          (t) =>
            (filter.ContainerGroupId === undefined || t.containerGroupId === filter.ContainerGroupId) &&
            (filter.TaskIds === undefined || filter.TaskIds.includes(t.id)),
        )
        .map((t) => commitTaskView(t, now))
        .filter((v) => filter.TaskStatus === undefined || v.TaskStatus === filter.TaskStatus);
    });
  }

  createOpsTask(input: OpsTaskInput): Promise<{ Result: string }> {
    return this.gate.run('CreateInstanceOpsTask', () => {
      const g = this.group(input.ContainerGroupId);
      const type = parseOpsType(input.OpsType);
      if (ENDED.has(g.status)) throw incorrectStatus(g.id, g.status, 'not ended');
      const result = type === 'coredump' ? this.coredump(g, input.OpsValue) : this.tcpdump(g, input.OpsValue);
      this.ctx.dirty();
      return { Result: result };
    });
  }

  describeOpsRecords(containerGroupId: string, opsType: string): Promise<OpsRecordView[]> {
    return this.gate.run('DescribeInstanceOpsRecords', () => {
      this.group(containerGroupId);
      const type = parseOpsType(opsType);
      const now = this.ctx.now();
      return (this.tasks.groups.get(containerGroupId)?.records ?? [])
        .filter((r) => r.type === type)
        .flatMap((r) => opsRecordView(r, now) ?? []);
    });
  }

  /** enable: a record that stays until disable ends it; ECI refuses settings in quick succession. */
  private coredump(g: SimGroup, value: string): string {
    const enable = parseCoredumpValue(value);
    const state = this.tasks.of(g.id);
    const now = this.ctx.now();
    if (
      state.coredumpSetAt !== undefined &&
      now - state.coredumpSetAt < this.ctx.lifetime(COREDUMP_REFRESH_MS)
    ) {
      throw new BackendError(
        'InvalidParameter',
        'Coredump.RefrshIntervalTooShort',
        'The time interval since last setting too short, please try again later.',
      );
    }
    state.coredumpSetAt = now;
    for (const r of state.records)
      if (r.type === 'coredump' && (r.expiresAt === undefined || r.expiresAt > now)) r.expiresAt = now;
    if (enable) {
      state.records.push({
        type: 'coredump',
        createdAt: now,
        expiresAt: COREDUMP_NO_EXPIRY,
        resultContent: `https://eci-coredump-${this.ctx.regionId}.oss-${this.ctx.regionId}.aliyuncs.com/${g.id}/`,
      });
    }
    return 'Coredump settings has been configured successfully.';
  }

  /** Enable starts a capture (Running); disable stops it, and the file is Ready once uploaded. Both my choice beyond the page. */
  private tcpdump(g: SimGroup, value: string): string {
    const settings = parseTcpdumpValue(value);
    const state = this.tasks.of(g.id);
    const now = this.ctx.now();
    if (settings.Enable) {
      if (g.status !== 'Running') throw incorrectStatus(g.id, g.status, 'Running');
      if (state.records.some(isCapturing)) {
        throw new BackendError(
          'InvalidParameter',
          'InvalidParameter',
          `OpsValue: a tcpdump capture of container group ${g.id} is already running: stop it with {"Enable":false} first.`,
        );
      }
      state.records.push({ type: 'tcpdump', createdAt: now });
      return 'Tcpdump has been enabled successfully.';
    }
    const capture = state.records.find(isCapturing);
    if (!capture) {
      throw new BackendError(
        'InvalidParameter',
        'InvalidParameter',
        `OpsValue: no tcpdump capture of container group ${g.id} is running: start one with {"Enable":true}.`,
      );
    }
    capture.readyAt = now + this.ctx.delay(TCPDUMP_UPLOAD_SECONDS, false);
    capture.expiresAt = capture.readyAt + this.ctx.lifetime(TCPDUMP_RESULT_MS);
    capture.resultContent = `https://eci-tcpdump-${this.ctx.regionId}.oss-${this.ctx.regionId}.aliyuncs.com/${g.id}/${capture.createdAt}.pcap`;
    return 'Tcpdump has been disabled successfully.';
  }

  private group(id: string): SimGroup {
    const g = this.ctx.store.get(id);
    if (!g) throw groupNotFound(id);
    return g;
  }
}
