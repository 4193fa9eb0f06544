import type { NodeIdentity } from '../../../src/node/build.js';

/** The virtual node of the default region and zone, as the controller derives it. */
export const NODE_IDENTITY: NodeIdentity = {
  name: 'virtual-kubelet-cn-hangzhou-b',
  region: 'cn-hangzhou',
  zone: 'cn-hangzhou-b',
  internalIp: '10.1.2.3',
  kubeletPort: 10250,
  version: 'v1.35.4',
};
