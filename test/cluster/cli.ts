#!/usr/bin/env node
/** The development tools' entry (`npm start`, the e2e suite, `node dist/test/cluster/cli.js cluster up`). */
const { exitWith, runCli } = await import('../../src/commands/index.js');
const { DEV_CLI } = await import('./commands/dev-cli.js');

exitWith(await runCli(DEV_CLI, process.argv.slice(2)));
