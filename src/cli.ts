#!/usr/bin/env node
const { exitWith, PRODUCT_CLI, runCli } = await import('./commands/index.js');

exitWith(await runCli(PRODUCT_CLI, process.argv.slice(2)));
