import type { Cli } from '../../../src/commands/index.js';

/** How the development tools are run: they are built into dist/ by `npm run build:dev`, never shipped. */
export const DEV_CLI_NAME = 'node dist/test/cluster/cli.js';

/** The development tools: the local cluster, in the background (`cluster`) or the foreground (`start`). */
export const DEV_CLI: Cli = {
  name: DEV_CLI_NAME,
  about: [
    'Development tools of ack-virtual-node (not in the image): a local control plane built from Go',
    'modules with the virtual node, the eci-profile webhook and the ECI simulator. Build them with',
    '`npm run build:dev`; `npm start` builds and runs `start`.',
  ].join('\n'),
  commands: {
    cluster: async () => (await import('./cluster.js')).cluster,
    start: async () => (await import('./start.js')).start,
    image: async () => (await import('./image.js')).image,
  },
};
