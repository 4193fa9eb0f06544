import { register } from 'prom-client';
import { BackendError, type Backend } from '../../../providers/backend.js';
import { instrumentBackend } from '../../../providers/metrics.js';
import { FakeBackend } from '../contract/fake-backend.js';

async function count(backend: string, action: string, code: string): Promise<number> {
  const metric = await register.getSingleMetric('eci_backend_requests_total')?.get();
  return (
    metric?.values.find(
      (v) => v.labels.backend === backend && v.labels.action === action && v.labels.code === code,
    )?.value ?? 0
  );
}

async function observations(backend: string, action: string): Promise<number> {
  const metric = await register.getSingleMetric('eci_backend_request_duration_seconds')?.get();
  const sample = metric?.values.find(
    (v) =>
      (v as { metricName?: string }).metricName === 'eci_backend_request_duration_seconds_count' &&
      v.labels.backend === backend &&
      v.labels.action === action,
  );
  return sample?.value ?? 0;
}

test('any backend gets counted by action and ECI code, and timed', async () => {
  const fake = new FakeBackend();
  const backend = instrumentBackend(fake);
  const created = await backend.createContainerGroup({
    RegionId: 'cn-hangzhou',
    SecurityGroupId: 'sg-1',
    VSwitchId: 'vsw-1',
    ContainerGroupName: 'metrics-1',
    RestartPolicy: 'Always',
    Tag: [],
    Container: [{ Name: 'app', Image: 'nginx' }],
  });
  await backend.deleteContainerGroup(created.ContainerGroupId);
  await expect(backend.deleteContainerGroup(created.ContainerGroupId)).rejects.toBeInstanceOf(BackendError);
  expect(await count('fake', 'CreateContainerGroup', 'Success')).toBe(1);
  expect(await count('fake', 'DeleteContainerGroup', 'Success')).toBe(1);
  expect(await count('fake', 'DeleteContainerGroup', 'InvalidParameter.NotFound')).toBe(1);
  expect(await observations('fake', 'DeleteContainerGroup')).toBe(2);
});

test('instrumenting twice does not count twice', async () => {
  const fake: Backend = Object.assign(new FakeBackend(), { name: 'twice' });
  const once = instrumentBackend(fake);
  const twice = instrumentBackend(once);
  expect(twice).toBe(once);
  await twice.describeContainerGroups({});
  expect(await count('twice', 'DescribeContainerGroups', 'Success')).toBe(1);
});
