export { PRODUCT_CLI } from './product.js';
export type { Cli } from './dispatch.js';
export { runCli, exitWith } from './dispatch.js';
export { ExitCodeError, UsageError, untilAborted, type Command } from './command.js';
