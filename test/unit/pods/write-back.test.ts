// The annotations ECI documents as written back (zone, VPC, ENI, EIP and IPv6 addresses) in the
// whole pod loop (see harness.ts): from DescribeContainerGroups, one lookup per group, batched.
import { jest } from '@jest/globals';
import type { DescribeFilter } from '../../../providers/backend.js';
import { ANNOTATION, writeBackAnnotations } from '../../../src/translate/index.js';
import { NAMESPACE, PodLoop, podManifest } from './harness.js';

jest.setTimeout(60_000);

describe('write-back annotations', () => {
  let loop: PodLoop;
  let lookups: string[][];
  const annotations = (name: string): Record<string, string> => loop.pod(name)?.metadata?.annotations ?? {};
  const create = (name: string, a: Record<string, string> = {}): void => {
    const pod = podManifest(name, { uid: `u-${name}` });
    pod.metadata = { ...pod.metadata, annotations: a };
    loop.api.put(`/api/v1/namespaces/${NAMESPACE}/pods`, pod as never);
  };

  beforeEach(async () => {
    loop = new PodLoop();
    await loop.open();
    lookups = [];
    const describe = loop.simulator.describeContainerGroups.bind(loop.simulator);
    loop.simulator.describeContainerGroups = (filter: DescribeFilter) => {
      if (filter.ContainerGroupIds) lookups.push(filter.ContainerGroupIds);
      return describe(filter);
    };
    await loop.startController();
  });
  afterEach(() => loop.close());

  test('a Running pod gets its zone, VPC, ENI, EIP and IPv6 address, as DescribeContainerGroups says', async () => {
    create('web', { [ANNOTATION.withEip]: 'true', [ANNOTATION.enableIpv6]: 'true' });
    await loop.until('web Running', () => loop.pod('web')?.status?.phase === 'Running');
    const [group] = await loop.simulator.describeContainerGroups({ ContainerGroupIds: lookups[0] });
    expect(annotations('web')).toMatchObject({
      [ANNOTATION.instanceZone]: group.ZoneId,
      [ANNOTATION.vpc]: group.VpcId,
      [ANNOTATION.eniInstanceId]: group.EniInstanceId,
      [ANNOTATION.allocatedEip]: group.InternetIp,
      [ANNOTATION.allocatedIpv6]: group.Ipv6Address,
    });
    expect(group.InternetIp).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(group.Ipv6Address).toContain(':');
  });

  test('no EIP, no IPv6: those two are not written', async () => {
    create('plain');
    await loop.until('plain annotated', () => annotations('plain')[ANNOTATION.instanceZone] !== undefined);
    expect(annotations('plain')[ANNOTATION.allocatedEip]).toBeUndefined();
    expect(annotations('plain')[ANNOTATION.allocatedIpv6]).toBeUndefined();
  });

  test('one lookup per group, at most 20 IDs a call, and none again after a controller restart', async () => {
    const names = Array.from({ length: 25 }, (_, i) => `p${i}`);
    for (const name of names) create(name);
    await loop.until('all annotated', () =>
      names.every((n) => annotations(n)[ANNOTATION.instanceZone] !== undefined),
    );
    expect(lookups.every((ids) => ids.length <= 20)).toBe(true);
    const looked = lookups.flat();
    expect(looked).toHaveLength(25);
    expect(new Set(looked).size).toBe(25);
    await loop.stopController();
    await loop.startController();
    lookups.length = 0;
    await loop.advance(10_000);
    expect(lookups).toEqual([]);
  });

  test('the mapping writes only what the group carries', () => {
    const group = {
      ZoneId: 'cn-hangzhou-b',
      VpcId: 'vpc-1',
      EniInstanceId: 'eni-1',
      InternetIp: '',
    } as Parameters<typeof writeBackAnnotations>[0];
    expect(writeBackAnnotations(group)).toEqual({
      [ANNOTATION.instanceZone]: 'cn-hangzhou-b',
      [ANNOTATION.vpc]: 'vpc-1',
      [ANNOTATION.eniInstanceId]: 'eni-1',
    });
  });
});
