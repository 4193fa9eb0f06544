#!/usr/bin/env node
// The version check runs before anything else loads: static imports are evaluated before this
// file's body, so the commands come in by dynamic import only once Node is known to be new enough.
import { nodeVersionProblem } from './node-version.js';

const problem = nodeVersionProblem(process.version);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
const { exitWith, PRODUCT_CLI, runCli } = await import('./commands/index.js');
exitWith(await runCli(PRODUCT_CLI, process.argv.slice(2)));
