import type * as k8s from '@kubernetes/client-node';
import type { Backend } from '../../providers/backend.js';
import type { Container, ContainerGroupStatusRecord } from '../../providers/eci-api/index.js';
import { podTarget, type EventRecorder } from '../kube/index.js';
import { changedImages, TranslationError } from '../translate/index.js';
import type { GroupEntry } from './registry.js';
import { isRefusal, reportRefused } from './update-refused.js';

export interface ImageUpdateDeps {
  backend: Backend;
  events: EventRecorder;
  /** The pod's containers as a create request would have them now; throws TranslationError. */
  containersOf(pod: k8s.V1Pod): Promise<Container[]>;
}

/**
 * `kubectl set image`: the group is updated in place with the pod's containers as they are now
 * (ECI restarts it as Updating), once per change; the status shows the new image when it runs.
 * True when UpdateContainerGroup was called.
 */
export async function updateImages(
  deps: ImageUpdateDeps,
  pod: k8s.V1Pod,
  entry: GroupEntry,
  record: ContainerGroupStatusRecord,
): Promise<boolean> {
  const changes = changedImages(pod, record);
  const wanted = JSON.stringify(changes.map((c) => [c.container, c.to]));
  if (changes.length === 0) {
    entry.updatingTo = undefined;
    return false;
  }
  if (entry.updatingTo === wanted || (record.Status !== 'Running' && record.Status !== 'Pending'))
    return false;
  const target = podTarget(pod);
  const field = changes.map((c) => c.field).join(', ');
  const value = changes.map((c) => JSON.stringify(c.to)).join(', ');
  const keeps = `running ${changes.map((c) => `${c.container}=${c.from}`).join(', ')}`;
  // Asked once per change, whatever the outcome: a refused update is not retried in a hot loop.
  entry.updatingTo = wanted;
  let containers: Container[];
  try {
    containers = await deps.containersOf(pod);
  } catch (err) {
    if (!(err instanceof TranslationError)) throw err;
    reportRefused(deps.events, pod, { field, value, reason: err.message, keeps, fix: err.fix });
    return false;
  }
  try {
    await deps.backend.updateContainerGroup(entry.containerGroupId, { Container: containers });
  } catch (err) {
    if (!isRefusal(err)) {
      entry.updatingTo = undefined; // transient: retried with the sync's back-off
      throw err;
    }
    reportRefused(deps.events, pod, {
      field,
      value,
      reason: `ECI refused to update container group ${entry.containerGroupId}: ${err.code}: ${err.message}`,
      keeps,
      fix: 'set an image ECI can pull and run, or recreate the pod',
    });
    return false;
  }
  for (const c of changes) {
    deps.events.normal(target, 'Killing', `Container ${c.container} definition changed, will be restarted`);
  }
  return true;
}
