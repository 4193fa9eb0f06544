export * from './build.js';
export * from './controller.js';
