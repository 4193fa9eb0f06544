import { REGION, callV1, createParams, useSimulatorServer } from './helpers.js';

const h = useSimulatorServer();

test('UpdateContainerGroup over the wire: RenewUpdate (the default) wants each container whole', async () => {
  const created = await callV1(h.server.url, 'CreateContainerGroup', createParams('upd-1'));
  const id = String(created.body.ContainerGroupId);
  h.clock.advance(60_000);
  const update = (extra: Record<string, string>) =>
    callV1(h.server.url, 'UpdateContainerGroup', {
      RegionId: REGION,
      ContainerGroupId: id,
      'Container.1.Name': 'app',
      'Container.1.Command.1': 'sleep',
      'Container.1.Command.2': 'infinity',
      ...extra,
    });
  expect((await update({})).body).toMatchObject({
    Code: 'InvalidParameter',
    Message: expect.stringMatching(/^Container\.1\.Image: is required: UpdateType RenewUpdate/),
  });
  expect((await update({ UpdateType: 'Partial' })).body).toMatchObject({
    Code: 'InvalidParameter',
    Message: expect.stringContaining('UpdateType'),
  });
  expect((await update({ UpdateType: 'IncrementalUpdate' })).status).toBe(200);
  h.clock.advance(60_000);
  const [g] = await h.sim.describeContainerGroups({ ContainerGroupIds: [id] });
  expect(g.Containers[0]).toMatchObject({ Image: 'nginx:1.25', Commands: ['sleep', 'infinity'] });
  expect((await update({ 'Container.1.Image': 'nginx:1.27' })).status).toBe(200);
});
