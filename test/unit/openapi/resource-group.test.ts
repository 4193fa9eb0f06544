import { REGION, callV1, createParams, useSimulatorServer } from './helpers.js';

const h = useSimulatorServer();

test('a group created without ResourceGroupId is in the default resource group, shown and matched as any other', async () => {
  const plain = await callV1(h.server.url, 'CreateContainerGroup', createParams('rg-default'));
  const named = await callV1(h.server.url, 'CreateContainerGroup', {
    ...createParams('rg-named'),
    ResourceGroupId: 'rg-team',
  });
  const list = async (extra: Record<string, string> = {}): Promise<Record<string, unknown>[]> => {
    const answer = await callV1(h.server.url, 'DescribeContainerGroups', { RegionId: REGION, ...extra });
    return answer.body.ContainerGroups as Record<string, unknown>[];
  };
  const byId = new Map((await list()).map((g) => [g.ContainerGroupId, g.ResourceGroupId]));
  const defaultGroup = byId.get(plain.body.ContainerGroupId);
  expect(defaultGroup).toMatch(/^rg-acfm[0-9a-z]{11}$/);
  expect(byId.get(named.body.ContainerGroupId)).toBe('rg-team');
  const inDefault = await list({ ResourceGroupId: String(defaultGroup) });
  expect(inDefault.map((g) => g.ContainerGroupId)).toEqual([plain.body.ContainerGroupId]);
  const status = await callV1(h.server.url, 'DescribeContainerGroupStatus', {
    RegionId: REGION,
    ResourceGroupId: String(defaultGroup),
  });
  expect((status.body.Data as { ContainerGroupId: string }[]).map((r) => r.ContainerGroupId)).toEqual([
    plain.body.ContainerGroupId,
  ]);
});
