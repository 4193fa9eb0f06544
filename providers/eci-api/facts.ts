import type { ContainerGroupStatusName, ContainerState, EciContainerStateDetail } from './wire.js';

/**
 * Facts of the ECI service that both the controller (translation, status mapping) and the simulator
 * (validation, status records) rely on: one table, so the two can never disagree.
 */

/** Supported vCPU → memory (GiB) pairs in every region (reference §6). */
export const SUPPORTED_SPECS: ReadonlyMap<number, readonly number[]> = new Map([
  [0.25, [0.5, 1]],
  [0.5, [1, 2]],
  [1, [2, 4, 8]],
  [2, [1, 2, 4, 8, 16]],
  [4, [2, 4, 8, 16, 32]],
  [8, [4, 8, 16, 32, 64]],
  [12, [12, 24, 48, 96]],
  [16, [16, 32, 64, 128]],
  [24, [24, 48, 96, 192]],
  [32, [32, 64, 128, 256]],
  [52, [96, 192, 384]],
  [64, [128, 256, 512]],
]);

const even = (from: number, to: number, skip: number[] = []): number[] => {
  const out: number[] = [];
  for (let m = from; m <= to; m += 2) if (!skip.includes(m)) out.push(m);
  return out;
};

/** Extra vCPU → memory specs sold only in some regions, and never as spot instances. */
export const REGIONAL_SPECS: ReadonlyMap<number, readonly number[]> = new Map([
  [2, [6, 10, 12, 14]],
  [4, [6, 10, 12, 14, 18, 20, 22, 24, 26, 28, 30]],
  [6, even(6, 48)],
  [8, even(10, 62, [16, 32])],
]);

export const REGIONAL_SPEC_REGIONS: ReadonlySet<string> = new Set([
  'cn-hangzhou',
  'cn-shanghai',
  'cn-qingdao',
  'cn-beijing',
  'cn-zhangjiakou',
  'cn-huhehaote',
  'cn-wulanchabu',
  'cn-shenzhen',
  'cn-heyuan',
  'cn-guangzhou',
  'cn-chengdu',
  'ap-southeast-1',
]);

/** Whether ECI sells cpu/memory in the region (regional specs: not for spot). */
export function isSellableSpec(cpu: number, memory: number, regionId?: string, spot = false): boolean {
  if (SUPPORTED_SPECS.get(cpu)?.includes(memory)) return true;
  const regional = regionId !== undefined && REGIONAL_SPEC_REGIONS.has(regionId) && !spot;
  return regional && (REGIONAL_SPECS.get(cpu)?.includes(memory) ?? false);
}

/**
 * A container's state as DescribeContainerGroups shows it (`CurrentState`, `PreviousState`), in the
 * shape DescribeContainerGroupStatus reports it (`State`, `LastState`): the two calls' models differ.
 */
export function stateDetail(s: ContainerState, containerId?: string): EciContainerStateDetail {
  if (s.State === 'Running') return { Running: { StartedAt: s.StartTime } };
  if (s.State === 'Waiting') return { Waiting: { Reason: s.Reason, Message: s.Message } };
  return {
    Terminated: {
      ExitCode: s.ExitCode ?? 0,
      Reason: s.Reason,
      Message: s.Message,
      Signal: s.Signal,
      StartedAt: s.StartTime,
      FinishedAt: s.FinishTime,
      ContainerID: containerId,
    },
  };
}

/** Container group status → pod phase (reference §4): the group status decides the phase. */
export const POD_PHASE: Record<ContainerGroupStatusName, 'Pending' | 'Running' | 'Succeeded' | 'Failed'> = {
  Scheduling: 'Pending',
  ScheduleFailed: 'Failed',
  Pending: 'Pending',
  Running: 'Running',
  Restarting: 'Pending',
  Updating: 'Pending',
  Terminating: 'Running',
  Succeeded: 'Succeeded',
  Failed: 'Failed',
  Expired: 'Failed',
};

/**
 * ConfigFile volume limits (ECI user guide, "Mount a ConfigFile volume"): one file at most 32 KB,
 * all files of a volume at most 60 KB, counted on the decoded content.
 */
export const CONFIG_FILE_LIMITS = { fileBytes: 32 * 1024, volumeBytes: 60 * 1024 } as const;

/** Decoded size of a ConfigFileToPath Content (base64). */
export function configFileBytes(content: string | undefined): number {
  return Buffer.byteLength(content ?? '', 'base64');
}

/**
 * ARM ECS families end in y (Yitian 710: c8y, g8y, r8y), r (Ampere Altra: c6r, g6r) or m; x86
 * families end in their generation digit or another letter (c7a, g6e), so the name tells the
 * architecture without a catalogue lookup (an instance type may be one no catalogue here lists).
 */
const ARM_INSTANCE_TYPE = /^ecs\.[a-z]+\d+[rym]\./;

export function isArmInstanceType(type: string): boolean {
  return ARM_INSTANCE_TYPE.test(type);
}

/**
 * ExecContainerCommand's `Command` (its API reference): at most 20 items, each at most 256
 * characters. Longer scripts must reach the container another way (a file, `kubectl cp`).
 */
export const EXEC_COMMAND_LIMITS = { items: 20, itemChars: 256 } as const;

/** Why ECI would refuse this `Command`, or undefined when it is within ECI's limits. Pure. */
export function execCommandProblem(command: readonly string[]): string | undefined {
  const { items, itemChars } = EXEC_COMMAND_LIMITS;
  if (command.length > items)
    return `has ${command.length} items; ECI runs at most ${items} (the command and its arguments)`;
  for (const [i, item] of command.entries()) {
    // Characters, not UTF-16 units: a CJK character or an emoji counts once.
    const chars = item.length > itemChars ? [...item].length : item.length;
    if (chars > itemChars)
      return `item ${i} has ${chars} characters; ECI takes at most ${itemChars} per item`;
  }
  return undefined;
}

/**
 * The tag rules every Alibaba Cloud API shares: at most 20 tags; keys 1-64 characters, unique, not
 * starting with acs: or aliyun; values up to 128 characters, not starting with acs:; neither holding
 * http:// or https://.
 */
export const TAG_RULES = {
  tags: 20,
  keyChars: 64,
  valueChars: 128,
  reservedKey: /^(acs:|aliyun)/i,
  reservedValue: /^acs:/i,
  url: /https?:\/\//i,
} as const;
