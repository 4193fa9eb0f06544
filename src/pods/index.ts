export * from './cluster-services.js';
export * from './controller.js';
export * from './pods-api.js';
export * from './registry.js';
export * from './status-poller.js';
