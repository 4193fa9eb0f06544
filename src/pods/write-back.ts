import type * as k8s from '@kubernetes/client-node';
import type { Backend } from '../../providers/backend.js';
import { systemClock, type Clock } from '../../providers/clock.js';
import type { ContainerGroup } from '../../providers/eci-api/index.js';
import { errorMessage, logger } from '../log.js';
import { ANNOTATION, writeBackAnnotations } from '../translate/index.js';
import type { GroupEntry } from './registry.js';

/** ECI takes up to 20 IDs in one DescribeContainerGroups call. */
const IDS_PER_CALL = 20;
/**
 * How long a lookup waits for others to share its call. Groups reported Running by one status poll
 * are synced by many workers over a few hundred milliseconds: one turn of the event loop caught
 * about 2.6 of them a call at 10,000 pods (0.38 extra calls a pod); a short window fills the calls.
 */
const BATCH_WINDOW_MS = 250;

/**
 * DescribeContainerGroups by ID for groups that asked within one batch window, 20 IDs a call: the
 * status poll (DescribeContainerGroupStatus) carries no zone, EIP or IPv6 address, so this is the
 * one extra call a group costs, shared with the groups that got Running with it.
 */
class GroupLookup {
  private readonly waiting = new Map<string, ((group: ContainerGroup | undefined) => void)[]>();
  private timer?: unknown;

  constructor(
    private readonly backend: Backend,
    private readonly clock: Clock,
  ) {}

  get(containerGroupId: string): Promise<ContainerGroup | undefined> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(containerGroupId) ?? [];
      waiters.push(resolve);
      this.waiting.set(containerGroupId, waiters);
      if (this.waiting.size >= IDS_PER_CALL) void this.flush();
      else this.timer ??= this.clock.setTimeout(() => void this.flush(), BATCH_WINDOW_MS);
    });
  }

  private async flush(): Promise<void> {
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const batch = new Map(this.waiting);
    this.waiting.clear();
    const ids = [...batch.keys()];
    for (let i = 0; i < ids.length; i += IDS_PER_CALL) {
      const chunk = ids.slice(i, i + IDS_PER_CALL);
      let groups: ContainerGroup[] = [];
      try {
        groups = await this.backend.describeContainerGroups({ ContainerGroupIds: chunk });
      } catch (err) {
        // Once per group lifetime: a failed lookup is not retried, the annotations are only missing.
        logger.warn('write-back lookup failed', { containerGroupIds: chunk, err: errorMessage(err) });
      }
      const byId = new Map(groups.map((g) => [g.ContainerGroupId, g]));
      for (const id of chunk) for (const resolve of batch.get(id) ?? []) resolve(byId.get(id));
    }
  }
}

const lookups = new WeakMap<Backend, GroupLookup>();

/**
 * The write-back annotations of a Running group (zone, VPC, ENI, EIP and IPv6 addresses): looked up
 * once per group, when it first reports Running, so they ride in the same status write. A pod that
 * already carries them (the controller restarted) costs no call.
 */
export async function writeBackFor(
  backend: Backend,
  pod: k8s.V1Pod,
  entry: GroupEntry,
  clock: Clock = systemClock,
): Promise<Record<string, string>> {
  if (entry.writeBack !== undefined) return entry.writeBack;
  if (entry.record?.Status !== 'Running') return {};
  if (pod.metadata?.annotations?.[ANNOTATION.instanceZone] !== undefined) return (entry.writeBack = {});
  let lookup = lookups.get(backend);
  if (lookup === undefined) lookups.set(backend, (lookup = new GroupLookup(backend, clock)));
  const group = await lookup.get(entry.containerGroupId);
  entry.writeBack = group ? writeBackAnnotations(group) : {};
  return entry.writeBack;
}
