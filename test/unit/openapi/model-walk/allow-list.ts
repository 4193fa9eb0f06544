/**
 * Response-model fields the emulator never produces, per action, each with the reason. An entry
 * covers its sub-fields too. The walk fails on a field missing from here that is never produced,
 * and on an entry here that is produced after all (so the list never goes stale).
 */
const STATE_DETAIL =
  "ECI's free-text detail of a container state; the simulator says it in Reason and Message";
const TERMINATION_MESSAGE = 'termination-message files (TerminationMessagePath) are not simulated';
const NO_HOST = 'ECI instances are not placed on named hosts in the simulator';
const NO_LOAD = 'no run queue is simulated, so there is no load average';
export const NEVER_PRODUCED: Record<string, Record<string, string>> = {
  DescribeContainerGroups: {
    'ContainerGroups[].Containers[].CurrentState.DetailStatus': STATE_DETAIL,
    'ContainerGroups[].Containers[].PreviousState.DetailStatus': STATE_DETAIL,
    'ContainerGroups[].InitContainers[].CurrentState.DetailStatus': STATE_DETAIL,
    'ContainerGroups[].InitContainers[].PreviousState.DetailStatus': STATE_DETAIL,
    'ContainerGroups[].Containers[].PreviousState.Message': TERMINATION_MESSAGE,
    'ContainerGroups[].InitContainers[].PreviousState.Message': TERMINATION_MESSAGE,
    'ContainerGroups[].Containers[].LivenessProbe.TcpSocket.Host':
      "no create parameter sets a probe's TcpSocket host (the request model has Port only)",
    'ContainerGroups[].Containers[].ReadinessProbe.TcpSocket.Host':
      "no create parameter sets a probe's TcpSocket host (the request model has Port only)",
    'ContainerGroups[].Discount': 'prices and spot discounts are not simulated',
    'ContainerGroups[].TenantEniInstanceId':
      "ECI's own tenant network (its ENI in ECI's VPC) is not simulated",
    'ContainerGroups[].TenantEniIp': "ECI's own tenant network (its ENI in ECI's VPC) is not simulated",
    'ContainerGroups[].TenantSecurityGroupId':
      "ECI's own tenant network (its ENI in ECI's VPC) is not simulated",
    'ContainerGroups[].TenantVSwitchId': "ECI's own tenant network (its ENI in ECI's VPC) is not simulated",
  },
  DescribeContainerGroupStatus: {
    'Data[].PodStatus.ContainerStatuses[].LastState.Running':
      'a previous instance has always terminated (Kubernetes semantics): its last state is never Running',
    'Data[].PodStatus.ContainerStatuses[].LastState.Waiting':
      'a previous instance has always terminated (Kubernetes semantics): its last state is never Waiting',
    'Data[].PodStatus.ContainerStatuses[].LastState.Terminated.Message': TERMINATION_MESSAGE,
    'Data[].PodStatus.ContainerStatuses[].State.Terminated.Message': TERMINATION_MESSAGE,
  },
  DescribeContainerGroupEvents: {
    'Data[].Events[].ReportingInstance': NO_HOST,
    'Data[].Events[].Source.Host': NO_HOST,
  },
  DescribeContainerGroupMetric: {
    'Records[].CPU.Load': NO_LOAD,
    'Records[].Containers[].CPU.Load': NO_LOAD,
  },
  DescribeMultiContainerGroupMetric: {
    'MonitorDatas[].Records[].CPU.Load': NO_LOAD,
    'MonitorDatas[].Records[].Containers[].CPU.Load': NO_LOAD,
  },
  DescribeDataCaches: {
    'DataCaches[].FlashSnapshotId':
      'no DataCache request parameter asks for an instant (flash) snapshot: the simulator makes the regular one',
  },
  DescribeContainerGroupPrice: {
    'PriceInfo.Rules': 'no promotions are simulated: the trade price is the original price',
    'PriceInfo.Price.DetailInfos.DetailInfo[].Rules':
      'no promotions are simulated: the trade price is the original price',
  },
};

/** Whether `path` is `entry` or below it. */
export function covers(entry: string, path: string): boolean {
  return path === entry || path.startsWith(`${entry}.`) || path.startsWith(`${entry}[]`);
}
