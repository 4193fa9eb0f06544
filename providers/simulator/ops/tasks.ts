import type { CommitTask } from './commit.js';
import type { OpsRecord } from './instance-ops.js';

/** What one group's O&M tasks left: its records and when its coredump setting last changed. */
export interface GroupOps {
  containerGroupId: string;
  records: OpsRecord[];
  coredumpSetAt?: number;
}

/**
 * Commit tasks and O&M records. Kept on the engine's context, as plain data, so the state file
 * carries them like the other resources; they belong to a group and go when it goes.
 */
export class OpsTasks {
  /** By task ID, in creation order (DescribeCommitContainerTask lists them so). */
  readonly commits = new Map<string, CommitTask>();
  /** By container group ID. */
  readonly groups = new Map<string, GroupOps>();

  /** The group's state, made empty on first use. */
  of(groupId: string): GroupOps {
    let s = this.groups.get(groupId);
    if (!s) this.groups.set(groupId, (s = { containerGroupId: groupId, records: [] }));
    return s;
  }

  /** The group was removed (deleted, or past its retention): nothing of it is listed any more. */
  forgetGroup(groupId: string): void {
    this.groups.delete(groupId);
    // Deleting the entry being visited is safe in a Map's iteration.
    for (const [id, task] of this.commits) if (task.containerGroupId === groupId) this.commits.delete(id);
  }

  load(commits: CommitTask[], groups: GroupOps[]): void {
    for (const task of commits) this.commits.set(task.id, task);
    for (const ops of groups) this.groups.set(ops.containerGroupId, ops);
  }
}
