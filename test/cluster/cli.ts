#!/usr/bin/env node
// The development tools' entry (`npm start`, the e2e suite, `node dist/test/cluster/cli.js cluster up`).
// As src/cli.ts: the Node version is checked before anything else loads, hence the dynamic imports.
import { nodeVersionProblem } from '../../src/node-version.js';

const problem = nodeVersionProblem(process.version);
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(2);
}
const { exitWith, runCli } = await import('../../src/commands/index.js');
const { DEV_CLI } = await import('./commands/dev-cli.js');
exitWith(await runCli(DEV_CLI, process.argv.slice(2)));
