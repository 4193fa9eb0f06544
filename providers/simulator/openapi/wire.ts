import type { ContainerGroupStatusRecord, EciEvent } from '../../eci-api/index.js';

/**
 * Where ECI's wire names differ from providers/eci-api. DescribeContainerGroupStatus returns pod
 * conditions with Kubernetes' lower-case keys (`type`, `status`, `lastTransitionTime`; the SDK's
 * response model says so) and DescribeContainerGroupEvents returns Kubernetes-shaped events whose
 * subject is `involvedObject`. Everything else is PascalCase as in providers/eci-api.
 */
export function statusRecordToWire(record: ContainerGroupStatusRecord): Record<string, unknown> {
  const { Conditions, ...podStatus } = record.PodStatus;
  return {
    ...record,
    PodStatus: {
      ...podStatus,
      Conditions: Conditions.map(({ Type, Status, LastTransitionTime, ...rest }) => ({
        ...rest,
        type: Type,
        status: Status,
        ...(LastTransitionTime !== undefined ? { lastTransitionTime: LastTransitionTime } : {}),
      })),
    },
  };
}

export function eventToWire(event: EciEvent): Record<string, unknown> {
  const { Name, ...rest } = event;
  return { ...rest, ...(Name !== undefined ? { involvedObject: { Kind: 'Container', Name } } : {}) };
}
