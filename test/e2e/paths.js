import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The product CLI (controller, webhook, simulator, cleanup), as the image runs it. */
export const cliPath = join(root, 'dist/src/cli.js');
/** The development tools' CLI (`cluster up/down/kill`), built with the product by `npm run build:dev`. */
export const devCliPath = join(root, 'dist/test/cluster/cli.js');
export const clusterDir = process.env.E2E_CLUSTER_DIR ?? join(root, '.cluster/e2e');
