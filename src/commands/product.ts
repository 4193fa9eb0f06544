import type { Cli } from './dispatch.js';

const FROM_A_CLONE = 'is a development tool, not part of this build. From a clone of the repository:';

/** The product's commands: what the image runs (Dockerfile ENTRYPOINT `node dist/src/cli.js`). */
export const PRODUCT_CLI: Cli = {
  name: 'ack-virtual-node',
  about: 'A Virtual Kubelet provider that runs Kubernetes pods as Alibaba Cloud ECI container groups.',
  commands: {
    controller: async () => (await import('./controller.js')).controller,
    webhook: async () => (await import('./webhook.js')).webhook,
    simulator: async () => (await import('./simulator.js')).simulator,
    cleanup: async () => (await import('./cleanup.js')).cleanup,
  },
  // The local-cluster tools live in test/cluster/ and are built apart (tsconfig.dev.json), so that
  // the image carries only what runs in a cluster; whoever reaches for them here is told where they are.
  elsewhere: {
    cluster: `\`cluster\` ${FROM_A_CLONE} npm ci && npm run build:dev && node dist/test/cluster/cli.js cluster up --dir .cluster`,
    start: `\`start\` ${FROM_A_CLONE} npm ci && npm start (with KUBECONFIG set it runs \`ack-virtual-node controller\`)`,
  },
  footer:
    'The local cluster (`cluster`, `start`) is a development tool: run it from a clone (see the README).',
};
