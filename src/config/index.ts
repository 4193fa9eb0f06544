export * from './config.js';
export * from './errors.js';
export * from './parse.js';
export * from './help.js';
