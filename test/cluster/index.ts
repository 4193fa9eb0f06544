export { ensureBinaries, type EnsureBinariesOptions } from './build.js';
export {
  clusterDown,
  clusterStatus,
  clusterUp,
  readClusterInfo,
  startComponent,
  stopComponent,
  type ClusterInfo,
  type ClusterPorts,
  type ClusterUpOptions,
  type ComponentName,
  type ComponentStatus,
} from './cluster.js';
export { startControlPlane, type ControlPlane } from './controlplane.js';
export type { BinaryPaths } from './paths.js';
