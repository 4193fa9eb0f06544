export * from './build.js';
export * from './controller.js';
export * from './retire.js';
export * from './zones.js';
