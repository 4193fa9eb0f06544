import type * as k8s from '@kubernetes/client-node';
import { isBackendError } from '../../providers/backend.js';
import { podTarget, type EventRecorder } from '../kube/index.js';
import { errorMessage } from '../log.js';
import { failStrategyOf, TranslationError, type ReferencedObjects } from '../translate/index.js';
import { failFastMessage, scheduleFailedStatus } from './fail-fast.js';
import { providerFailedStatus, waitingStatus } from './failure-status.js';
import { NoStockError, podKeyOf } from './lifecycle.js';
import { podMetrics } from './metrics.js';
import type { StatusWriter } from './status-writer.js';
import { referencedObjects, type ObjectRef, type Seen, type WaitingPods } from './waiting.js';

/** What reporting a pod that could not be created needs from its pod controller. */
export interface FailureContext {
  events: EventRecorder;
  writer: StatusWriter;
  /** Pods ECI cannot run (by UID): creating them again cannot succeed. */
  rejectedUids: Set<string>;
  waiting: WaitingPods;
  now: () => Date;
}

/** A pod no retry can help: a Warning, a failed status, and never another create. */
async function reject(
  ctx: FailureContext,
  pod: k8s.V1Pod,
  message: string,
  status: k8s.V1PodStatus,
): Promise<void> {
  ctx.events.warning(podTarget(pod), 'ProviderFailed', message);
  await ctx.writer.write(pod, status, {});
  ctx.rejectedUids.add(pod.metadata?.uid ?? '');
  podMetrics.syncs.inc({ result: 'rejected' });
}

/** Reports a failed create; true when retrying cannot help (the pod is marked rejected). */
export async function createFailed(ctx: FailureContext, pod: k8s.V1Pod, err: unknown): Promise<boolean> {
  const now = ctx.now();
  if (err instanceof NoStockError && failStrategyOf(pod) === 'fail-fast') {
    // fail-fast: report the failed create at once and never retry it (see fail-fast.ts).
    const message = failFastMessage(err);
    await reject(ctx, pod, message, scheduleFailedStatus(pod, message, now));
    return true;
  }
  if (err instanceof NoStockError) {
    ctx.events.warning(podTarget(pod), 'NoStock', err.message);
    await ctx.writer.write(pod, waitingStatus(pod, 'NoStock', err.message, now), {});
    return false;
  }
  if (isBackendError(err, 'InvalidParameter')) {
    // ECI refuses the request itself: retrying the same request cannot help.
    const message = `ECI rejected the container group: ${err.code}: ${err.message}`;
    await reject(ctx, pod, message, providerFailedStatus(pod, message, now));
    return true;
  }
  const code = (err as { code?: string }).code;
  ctx.events.warning(
    podTarget(pod),
    'ProviderCreateFailed',
    `${code ? `${code}: ` : ''}${errorMessage(err)}`,
  );
  return false;
}

/**
 * A pod that cannot be translated: permanently (rejected), or until an object it references
 * appears (waiting: retried with back-off, and at once when the object appears or changes).
 */
export async function rejected(
  ctx: FailureContext,
  pod: k8s.V1Pod,
  err: TranslationError,
  refs: ReferencedObjects,
): Promise<void> {
  const now = ctx.now();
  ctx.waiting.release(podKeyOf(pod));
  if (err.permanent) return reject(ctx, pod, err.message, providerFailedStatus(pod, err.message, now));
  ctx.events.warning(podTarget(pod), 'Failed', `Error: ${err.message}`);
  await ctx.writer.write(pod, waitingStatus(pod, err.reason, err.message, now), {});
  const found = {
    configmaps: refs.configMaps,
    secrets: refs.secrets,
    persistentvolumeclaims: refs.persistentVolumeClaims,
  };
  const seen = (ref: ObjectRef): Seen => found[ref.kind].get(ref.name)?.metadata?.resourceVersion;
  ctx.waiting.wait(
    podKeyOf(pod),
    referencedObjects(pod).map((ref) => ({ ref, seen: seen(ref) })),
  );
  throw err;
}
