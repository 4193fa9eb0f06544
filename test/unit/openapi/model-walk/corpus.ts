import { REGION } from '../helpers.js';
import { runAccountCorpus } from './corpus-account.js';
import { runDataCacheCorpus } from './corpus-data-caches.js';
import { runImageCacheCorpus } from './corpus-image-caches.js';
import { runOpsCorpus } from './corpus-ops.js';
import { runVirtualNodeCorpus } from './corpus-virtual-nodes.js';
import { Harness } from './harness.js';
import { group, SHAPES } from './shapes.js';

const region = { RegionId: REGION };

/** Every page of DescribeContainerGroups, the status and events calls, and each group's log and metrics. */
async function snapshot(h: Harness, ids: Record<string, string>): Promise<void> {
  let NextToken = '';
  do {
    const page = await h.ok('DescribeContainerGroups', { ...region, ...(NextToken ? { NextToken } : {}) });
    NextToken = String(page.NextToken ?? '');
  } while (NextToken);
  await h.ok('DescribeContainerGroupStatus', region);
  await h.ok('DescribeContainerGroupEvents', region);
  const live = Object.values(ids).filter((id) =>
    h.sim.listContainerGroups().some((g) => g.ContainerGroupId === id),
  );
  for (const id of live) {
    await h.ok('DescribeContainerLog', { ...region, ContainerGroupId: id, ContainerName: 'app' });
    await h.ok('DescribeContainerGroupMetric', { ...region, ContainerGroupId: id });
  }
  await h.ok('DescribeMultiContainerGroupMetric', {
    ...region,
    ContainerGroupIds: JSON.stringify(live.slice(0, 20)),
  });
}

/**
 * Drives the emulator through every group shape and status (Scheduling, Pending, Running,
 * Succeeded, Failed, ScheduleFailed, Restarting, Updating, Terminating, Expired) and every action
 * it serves, snapshotting every describe call at each step. Returns the harness with its answers.
 */
export async function runCorpus(): Promise<Harness> {
  const h = await new Harness({ noStock: 'scheduleFailed' }).start();
  h.sim.setStock('cn-hangzhou-k', 0);
  const ids: Record<string, string> = {};
  for (const [name, shape] of Object.entries(SHAPES)) {
    ids[name] = String((await h.ok('CreateContainerGroup', group(name, shape))).ContainerGroupId);
  }
  await snapshot(h, ids); // Scheduling
  h.clock.advance(1500);
  await snapshot(h, ids); // Pending, ScheduleFailed
  h.clock.advance(60_000);
  await snapshot(h, ids); // Running, Succeeded, Failed, back-offs, deadline
  await h.ok('ExecContainerCommand', {
    ...region,
    ContainerGroupId: ids['every-field'],
    ContainerName: 'app',
    Command: '["echo","hi"]',
    Sync: 'true',
  });
  await h.ok('ExecContainerCommand', {
    ...region,
    ContainerGroupId: ids['every-field'],
    ContainerName: 'app',
    Command: '["/bin/sh"]',
    TTY: 'true',
  });
  await h.ok('RestartContainerGroup', { ...region, ContainerGroupId: ids.restarting });
  // Killed while its init container runs: the init container ends by signal, then runs again.
  await h.ok('RestartContainerGroup', { ...region, ContainerGroupId: ids['init-restart'] });
  await h.ok('UpdateContainerGroup', {
    ...region,
    ContainerGroupId: ids.updating,
    'Container.1.Name': 'app',
    'Container.1.Image': 'nginx:1.28',
  });
  await h.ok('DeleteContainerGroup', { ...region, ContainerGroupId: ids.terminating });
  h.sim.expireSpot(ids.spot);
  h.sim.killContainer(ids['oom-killed'], 'app', 137, 'OOMKilled');
  await snapshot(h, ids); // Restarting, Updating, Terminating, Expired, OOMKilled
  h.clock.advance(30_000);
  await snapshot(h, ids); // restarts, second crash-loop instance
  await h.ok('DescribeContainerLog', {
    ...region,
    ContainerGroupId: ids['crash-loop'],
    ContainerName: 'app',
    LastTime: 'true',
  });
  await h.ok('DescribeRegions', region);
  await runAccountCorpus(h);
  await runImageCacheCorpus(h);
  await runDataCacheCorpus(h);
  await runOpsCorpus(h);
  await runVirtualNodeCorpus(h);
  return h;
}
