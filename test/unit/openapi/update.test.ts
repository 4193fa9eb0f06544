import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { REGION, callV1, createParams, startServer, type RunningServer } from './helpers.js';

let server: RunningServer;
let sim: EciSimulator;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  sim = new EciSimulator({ speed: 1, jitter: 0, clock });
  server = await startServer(sim);
});
afterEach(async () => {
  await server.close();
  await sim.close();
});

test('UpdateContainerGroup over the wire: RenewUpdate (the default) wants each container whole', async () => {
  const created = await callV1(server.url, 'CreateContainerGroup', createParams('upd-1'));
  const id = String(created.body.ContainerGroupId);
  clock.advance(60_000);
  const update = (extra: Record<string, string>) =>
    callV1(server.url, 'UpdateContainerGroup', {
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
  clock.advance(60_000);
  const [g] = await sim.describeContainerGroups({ ContainerGroupIds: [id] });
  expect(g.Containers[0]).toMatchObject({ Image: 'nginx:1.25', Commands: ['sleep', 'infinity'] });
  expect((await update({ 'Container.1.Image': 'nginx:1.27' })).status).toBe(200);
});
