export { createOpenApiServer } from './server.js';
export { ACTIONS, API_VERSION } from './actions/index.js';
export type {
  AccessKey,
  FaultSettings,
  OpenApiServerOptions,
  RegionInfo,
  ServedBackend,
  SimulatorControls,
} from './types.js';
