import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = join(root, 'dist/src/cli.js');
export const clusterDir = process.env.E2E_CLUSTER_DIR ?? join(root, '.cluster/e2e');
