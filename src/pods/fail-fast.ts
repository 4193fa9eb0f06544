import type * as k8s from '@kubernetes/client-node';
import { ANNOTATION } from '../translate/index.js';
import type { NoStockError } from './lifecycle.js';

/**
 * What a `k8s.aliyun.com/eci-fail-strategy: fail-fast` pod shows when ECI has no stock for it, as
 * ECI's page "Configure a fault handling policy for a pod" shows it: reason
 * ContainerInstanceScheduleFailed and a ContainerInstanceCreated condition False with reason
 * ContainerGroup.NoStock. It is not retried: the page leaves that to "the upper-layer orchestration".
 * A pod that would restart stays Pending, as in the page's example (a Deployment then keeps it, and
 * a scheduler policy may move it); a run-once pod fails, so its Job can count it and retry.
 */
export function scheduleFailedStatus(pod: k8s.V1Pod, message: string, now: Date): k8s.V1PodStatus {
  return {
    phase: pod.spec?.restartPolicy === 'Never' ? 'Failed' : 'Pending',
    reason: 'ContainerInstanceScheduleFailed',
    message,
    conditions: [
      {
        type: 'ContainerInstanceCreated',
        status: 'False',
        reason: 'ContainerGroup.NoStock',
        message,
        lastTransitionTime: now,
      },
    ],
  };
}

/** The NoStock message without the "retrying" promise, saying why there is no retry and what to do. */
export function failFastMessage(err: NoStockError): string {
  return (
    `no ECI stock for ${err.specs.join(', ')} in the zones of vSwitch ${err.vSwitchIds} (${err.detail}); ` +
    `not retried because of ${ANNOTATION.failStrategy}: fail-fast. Re-create the pod to try again, ` +
    `widen the choice with vSwitches in other zones (k8s.aliyun.com/eci-vswitch) or more specs ` +
    `(k8s.aliyun.com/eci-use-specs), or remove the annotation to wait for stock (fail-back)`
  );
}
