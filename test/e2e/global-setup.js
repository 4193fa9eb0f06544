import { spawnSync } from 'node:child_process';
import { clusterDir, devCliPath } from './paths.js';

/** Starts the whole local stack once for the suite (the control plane is built on first use). */
export default function setup() {
  const up = spawnSync(process.execPath, [devCliPath, 'cluster', 'up', '--dir', clusterDir], {
    stdio: 'inherit',
  });
  if (up.status !== 0)
    throw new Error(`cluster up failed (exit ${up.status}); logs are in ${clusterDir}/logs`);
}
