import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { clusterDir } from './cluster.js';

interface LaunchRecord {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface ExtraController {
  child: ChildProcess;
  exited: Promise<number | null>;
  logFile: string;
}

/**
 * Another controller process, launched like the cluster's own (same simulator, cluster ID and
 * credentials) with its own ports and the given overrides: for a second node, or HA replicas.
 */
export async function startController(
  name: string,
  overrides: Record<string, string>,
): Promise<ExtraController> {
  const info = JSON.parse(readFileSync(join(clusterDir, 'cluster.json'), 'utf8')) as {
    components: { controller: LaunchRecord };
  };
  const launch = info.components.controller;
  const logFile = join(clusterDir, 'logs', `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const env = {
    ...process.env,
    ...launch.env,
    KUBELET_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    ...overrides,
  };
  const child = spawn(launch.command, launch.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, logFile };
}
