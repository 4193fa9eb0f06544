import { spawnSync } from 'node:child_process';
import { clusterDir, devCliPath } from './paths.js';

/** Always stops what setup started, even when tests failed. Set E2E_KEEP_CLUSTER=1 to inspect it. */
export default function teardown() {
  if (process.env.E2E_KEEP_CLUSTER === '1') return;
  spawnSync(process.execPath, [devCliPath, 'cluster', 'down', '--dir', clusterDir], { stdio: 'inherit' });
}
