import type { ContainerGroupStatusRecord, EciPodContainerStatus } from '../eci-api/index.js';
import { POD_PHASE, stateDetail } from '../eci-api/index.js';
import { rfc3339 } from './clock.js';
import type { SimContainer, SimGroup } from './model.js';
import { groupIdentity } from './identity.js';
import { digest } from './random.js';

export { POD_PHASE };

/** DescribeContainerGroupStatus's Kubernetes-shaped record; fresh objects, safe for the caller to keep. */
export function toStatusRecord(g: SimGroup): ContainerGroupStatusRecord {
  const scheduled = g.scheduledAt !== undefined;
  const { Namespace, uuid, Annotations } = groupIdentity(g);
  return {
    ContainerGroupId: g.id,
    Name: g.name,
    Namespace,
    Status: g.status,
    uuid,
    Annotations,
    PodStatus: {
      Phase: POD_PHASE[g.status],
      Conditions: Object.entries(g.conditions).map(([type, c]) => ({
        Type: type,
        Status: c.status ? 'True' : 'False',
        ...(c.reason ? { Reason: c.reason } : {}),
        ...(c.message ? { Message: c.message } : {}),
        LastTransitionTime: rfc3339(c.since),
      })),
      ContainerStatuses: g.containers.map((c) => podContainerStatus(g, c)),
      ...(scheduled
        ? { PodIp: g.ip, PodIps: [{ Ip: g.ip }], HostIp: g.ip, StartTime: rfc3339(g.scheduledAt as number) }
        : {}),
      QosClass: qosClass(g),
    },
  };
}

function podContainerStatus(g: SimGroup, c: SimContainer): EciPodContainerStatus {
  const image = c.spec.Image;
  const containerId = c.containerId && `containerd://${c.containerId}`;
  return {
    Name: c.name,
    Image: image,
    ImageID: g.pulledImages.includes(image) ? imageId(image) : '',
    Ready: c.ready,
    Started: c.started,
    RestartCount: c.restartCount,
    State: stateDetail(c.state, containerId),
    LastState: c.previous ? stateDetail(c.previous, containerId) : {},
  };
}

const imageIds = new Map<string, string>();

/** `image@sha256:<digest>`, stable per image name (memoised: hashing on every status query adds up). */
function imageId(image: string): string {
  let id = imageIds.get(image);
  if (!id) {
    if (imageIds.size > 10_000) imageIds.clear();
    imageIds.set(image, (id = `${image}@sha256:${digest('image', image)}`));
  }
  return id;
}

/** Guaranteed when every container sets Cpu and Memory, BestEffort when none does, else Burstable. */
function qosClass(g: SimGroup): string {
  const specs = [...g.containers, ...g.initContainers].map((c) => c.spec);
  if (specs.every((s) => s.Cpu && s.Memory)) return 'Guaranteed';
  if (specs.every((s) => !s.Cpu && !s.Memory)) return 'BestEffort';
  return 'Burstable';
}
