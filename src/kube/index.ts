export * from './backoff.js';
export * from './client.js';
export * from './events.js';
export * from './informer.js';
export * from './leader.js';
export * from './microtime.js';
export * from './queue.js';
