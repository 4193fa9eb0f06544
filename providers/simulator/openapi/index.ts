export { createOpenApiServer } from './server.js';
export { serveExecSockets } from './exec-route.js';
export { loopbackPodNetwork, servePodConnect, type PodNetwork } from './pod-connect.js';
export { createOpenApiHttpServer, MAX_REQUEST_HEAD_BYTES } from './http-server.js';
export { ACTIONS, API_VERSION, APIS, VPC_ACTIONS, VPC_API_VERSION, type ServedApi } from './actions/index.js';
export type {
  AccessKey,
  FaultSettings,
  OpenApiServerOptions,
  RegionInfo,
  ServedBackend,
  SimulatorControls,
} from './types.js';
