import type { Cli } from './dispatch.js';

/** The product's commands: what the image runs (Dockerfile ENTRYPOINT `node dist/src/cli.js`). */
export const PRODUCT_CLI: Cli = {
  name: 'ack-virtual-node',
  about: 'A Virtual Kubelet provider that runs Kubernetes pods as Alibaba Cloud ECI container groups.',
  commands: {
    controller: async () => (await import('./controller.js')).controller,
    webhook: async () => (await import('./webhook.js')).webhook,
    simulator: async () => (await import('./simulator.js')).simulator,
    cleanup: async () => (await import('./cleanup.js')).cleanup,
    cluster: async () => (await import('../devcluster/cli.js')).cluster,
    start: async () => (await import('../devcluster/start.js')).start,
  },
};
