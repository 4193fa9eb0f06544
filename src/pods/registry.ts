import type {
  ContainerGroupStatusRecord,
  ContainerStatusInfo,
  EciEvent,
} from '../../providers/eci-api/index.js';
import { IdIndex } from '../../providers/id-index.js';
import type { ResizeState } from './resize.js';

export interface GroupEntry {
  containerGroupId: string;
  /** `namespace/name` of the pod. */
  podKey: string;
  podUid: string;
  /** The spec label written to the pod (`k8s.aliyun.com/eci-instance-spec`), when known. */
  spec?: string;
  requestId?: string;
  /** The last status the backend reported. */
  record?: ContainerGroupStatusRecord;
  /** When its events were last fetched with a status poll (ms since epoch). */
  eventsFetchedAt?: number;
  /** The newest ECI event saying why the group is not created yet (NoStock...), for the pod's conditions. */
  capacityEvent?: EciEvent;
  /** When this controller first learned of the group, ms since epoch. */
  knownSince: number;
  /** Set when a full listing no longer shows the group. */
  missing?: boolean;
  /** When DeleteContainerGroup was called for the group's pod (ms since epoch). */
  deleteRequestedAt?: number;
  /** Set when a lookup by ID no longer finds a group being deleted: it has stopped. */
  gone?: boolean;
  /** The images an UpdateContainerGroup call asked for, until the group reports them. */
  updatingTo?: string;
  /**
   * What the group's mounted ConfigFile volumes hold (a digest: no contents are kept), the pod fields
   * downward files are computed from, and a digest ECI refused (not asked again until it changes).
   */
  mounts?: { digest: string; inputs: string; refused?: string };
  /** In-place resize: the resources the group runs with, and a resize in progress or infeasible. */
  resize?: ResizeState;
  /** The write-back annotations once looked up (empty if the lookup failed): never looked up again. */
  writeBack?: Record<string, string>;
  /** Whether its pod has init containers ECI runs as such (not native sidecars); unset until its pod is seen. */
  runsInitContainers?: boolean;
  /** Its init containers as DescribeContainerGroups last showed them, while the pod initialized. */
  initContainers?: ContainerStatusInfo[];
  /** When they were last described (ms since epoch). */
  initDescribedAt?: number;
  /** Described once the app containers began: the init containers' ends (times, IDs) are known. */
  initEnded?: true;
}

/** Which container group belongs to which pod, by pod UID: a re-created pod of the same name is another pod. */
export class GroupRegistry {
  private readonly byUid = new Map<string, GroupEntry>();
  private readonly byGroupId = new Map<string, GroupEntry>();
  private readonly byPodKey = new IdIndex();

  get size(): number {
    return this.byUid.size;
  }

  forUid(uid: string): GroupEntry | undefined {
    return this.byUid.get(uid);
  }

  forGroup(containerGroupId: string): GroupEntry | undefined {
    return this.byGroupId.get(containerGroupId);
  }

  set(entry: GroupEntry): GroupEntry {
    const previous = this.byUid.get(entry.podUid);
    if (previous !== undefined && previous.containerGroupId !== entry.containerGroupId) {
      this.byGroupId.delete(previous.containerGroupId);
    }
    const merged = previous?.containerGroupId === entry.containerGroupId ? { ...previous, ...entry } : entry;
    this.byUid.set(entry.podUid, merged);
    this.byGroupId.set(entry.containerGroupId, merged);
    this.byPodKey.add(entry.podKey, entry.containerGroupId);
    return merged;
  }

  remove(containerGroupId: string): void {
    const entry = this.byGroupId.get(containerGroupId);
    if (entry === undefined) return;
    this.byGroupId.delete(containerGroupId);
    if (this.byUid.get(entry.podUid) === entry) this.byUid.delete(entry.podUid);
    this.byPodKey.remove(entry.podKey, containerGroupId);
  }

  /** Every group recorded for a pod name: more than one when a pod was re-created under the same name. */
  forPodKey(podKey: string): GroupEntry[] {
    return [...this.byPodKey.get(podKey)].flatMap((id) => this.byGroupId.get(id) ?? []);
  }

  entries(): IterableIterator<GroupEntry> {
    return this.byGroupId.values();
  }
}
