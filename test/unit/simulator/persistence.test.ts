import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { request, shell } from './helpers.js';

describe('state file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'eci-sim-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps groups, their progress and ClientTokens across a restart', async () => {
    const stateFile = join(dir, 'state', 'eci.json');
    const clock = new ManualClock();
    const first = new EciSimulator({ clock, speed: 1, jitter: 0, stateFile });
    const running = await first.createContainerGroup(
      request({ ClientToken: 'tok', ContainerGroupName: 'server' }),
    );
    const job = await first.createContainerGroup(
      request({
        ContainerGroupName: 'job',
        RestartPolicy: 'Never',
        Container: [shell('echo hi; sleep 30; exit 4')],
      }),
    );
    clock.advance(5000);
    await first.close();

    const second = new EciSimulator({ clock, speed: 1, jitter: 0, stateFile });
    const groups = await second.describeContainerGroups({});
    expect(groups.map((g) => [g.ContainerGroupName, g.Status])).toEqual([
      ['server', 'Running'],
      ['job', 'Running'],
    ]);
    expect(
      await second.describeContainerLog({ ContainerGroupId: job.ContainerGroupId, ContainerName: 'app' }),
    ).toBe('hi\n');
    const again = await second.createContainerGroup(request({ ClientToken: 'tok' }));
    expect(again.ContainerGroupId).toBe(running.ContainerGroupId);
    clock.advance(30_000); // the restored queue carries on: the job exits as scheduled
    const [done] = await second.describeContainerGroups({ ContainerGroupIds: [job.ContainerGroupId] });
    expect(done.Status).toBe('Failed');
    expect(done.Containers[0].CurrentState.ExitCode).toBe(4);
    await second.close();
  });

  it('saves in the background after changes (debounced)', async () => {
    const stateFile = join(dir, 'eci.json');
    const clock = new ManualClock();
    const sim = new EciSimulator({ clock, stateFile });
    await sim.createContainerGroup(request());
    await clock.advanceAsync(1000);
    await new Promise((r) => setTimeout(r, 50));
    const reloaded = new EciSimulator({ clock, stateFile });
    expect(await reloaded.describeContainerGroups({})).toHaveLength(1);
    await sim.close();
    await reloaded.close();
  });
});
