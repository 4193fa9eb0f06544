export * from './controller.js';
export * from './poller.js';
export * from './registry.js';
export * from './cluster-services.js';
