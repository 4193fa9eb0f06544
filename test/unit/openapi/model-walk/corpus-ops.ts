import { REGION } from '../helpers.js';
import type { Harness } from './harness.js';
import { group } from './shapes.js';

const region = { RegionId: REGION };

/**
 * A volume resize, a commit task through Running to Succeeded and to Failed, and coredump and
 * tcpdump records through Running and Ready, each describe answer walked at each step.
 */
export async function runOpsCorpus(h: Harness): Promise<void> {
  const disk = {
    Volume: [{ Name: 'data', Type: 'DiskVolume' as const, DiskVolume: { DiskId: 'd-walk', DiskSize: 40 } }],
  };
  const id = String((await h.ok('CreateContainerGroup', group('walk-ops', disk))).ContainerGroupId);
  h.clock.advance(60_000);
  await h.ok('ResizeContainerGroupVolume', {
    ...region,
    ContainerGroupId: id,
    VolumeName: 'data',
    NewSize: '100',
  });
  const commit = { ...region, ContainerGroupId: id, ContainerName: 'app', 'Image.Tag': 'v1' };
  await h.ok('CommitContainer', {
    ...commit,
    'Image.Repository': 'registry.cn-hangzhou.aliyuncs.com/walk/app',
  });
  await h.ok('CommitContainer', {
    ...commit,
    'Image.Repository': 'registry.cn-hangzhou.aliyuncs.com/walk/nonexistent',
  });
  const tasks = { ...region, ContainerGroupId: id };
  await h.ok('DescribeCommitContainerTask', tasks); // Running
  h.clock.advance(3_000);
  await h.ok('DescribeCommitContainerTask', { ...tasks, MaxResults: '1' }); // a phase done, a next page
  h.clock.advance(10_000);
  await h.ok('DescribeCommitContainerTask', tasks); // Succeeded, Failed
  const ops = { ...region, ContainerGroupId: id };
  await h.ok('CreateInstanceOpsTask', { ...ops, OpsType: 'coredump', OpsValue: 'enable' });
  await h.ok('CreateInstanceOpsTask', { ...ops, OpsType: 'tcpdump', OpsValue: '{"Enable":true}' });
  await h.ok('DescribeInstanceOpsRecords', { ...ops, OpsType: 'coredump' });
  await h.ok('DescribeInstanceOpsRecords', { ...ops, OpsType: 'tcpdump' }); // Running
  await h.ok('CreateInstanceOpsTask', { ...ops, OpsType: 'tcpdump', OpsValue: '{"Enable":false}' });
  h.clock.advance(5_000);
  await h.ok('DescribeInstanceOpsRecords', { ...ops, OpsType: 'tcpdump' }); // Ready
}
