import type { Backend, DescribeFilter } from '../../../providers/backend.js';
import { ManualClock } from '../../../providers/clock.js';
import type { ContainerGroup } from '../../../providers/eci-api/index.js';
import type { GroupEntry } from '../../../src/pods/registry.js';
import { writeBackFor } from '../../../src/pods/write-back.js';

function describing(calls: string[][]): Backend {
  const describeContainerGroups = async (f: DescribeFilter): Promise<ContainerGroup[]> => {
    calls.push(f.ContainerGroupIds ?? []);
    return (f.ContainerGroupIds ?? []).map(
      (id) => ({ ContainerGroupId: id, ZoneId: 'cn-hangzhou-k', Tags: [] }) as unknown as ContainerGroup,
    );
  };
  return { describeContainerGroups } as unknown as Backend;
}

const running = (id: string): GroupEntry =>
  ({
    containerGroupId: id,
    podKey: `default/${id}`,
    podUid: id,
    knownSince: 0,
    record: { ContainerGroupId: id, Status: 'Running' },
  }) as unknown as GroupEntry;

test('groups that get Running together share DescribeContainerGroups calls, 20 IDs each', async () => {
  const calls: string[][] = [];
  const backend = describing(calls);
  const clock = new ManualClock();
  const lookups = Array.from({ length: 25 }, (_, i) =>
    writeBackFor(backend, { metadata: {} }, running(`eci-${i}`), clock),
  );
  await new Promise((r) => setImmediate(r));
  expect(calls.map((c) => c.length)).toEqual([20]); // a full call goes at once
  await clock.advanceAsync(250); // the rest when the batch window closes
  const annotations = await Promise.all(lookups);
  expect(calls.map((c) => c.length)).toEqual([20, 5]);
  expect(annotations[24]).toEqual({ 'k8s.aliyun.com/eci-instance-zone': 'cn-hangzhou-k' });
});
