#!/usr/bin/env node
import { errorMessage } from './log.js';

const HELP = `Usage: ack-virtual-node <command> [flags]

Commands:
  controller        run the virtual node controller (registers the node, runs pods on ECI)
  webhook           run the eci-profile mutating admission webhook
  simulator         serve an in-memory ECI over the ECI OpenAPI protocol
  cluster up        start a local control plane with the virtual node, webhook and simulator
  cluster down      stop everything \`cluster up\` started
  cluster status    show what runs
  cleanup           list (--yes: delete) container groups of this cluster whose pods are gone
  start             KUBECONFIG set: run the controller; otherwise run the local stack in the foreground

Run \`ack-virtual-node <command> --help\` for the flags of a command.
`;

type Command = (argv: string[], signal: AbortSignal) => Promise<void>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  controller: async () => (await import('./controller/run.js')).runController,
  webhook: async () => (await import('./webhook-cmd.js')).runWebhook,
  simulator: async () => {
    const { runSimulator } = await import('./simulator-cmd.js');
    return (argv) => runSimulator(argv);
  },
  cluster: async () => (await import('./devcluster/cli.js')).runCluster,
  cleanup: async () => (await import('./controller/cleanup.js')).runCleanup,
  start: async () => (await import('./devcluster/start.js')).runStart,
};

async function main(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    process.stderr.write(`ack-virtual-node: unknown command "${name}"\n\n${HELP}`);
    process.exit(2);
  }
  // SIGTERM/SIGINT stop the command gracefully; a second one ends the process at once.
  const stop = new AbortController();
  const onSignal = (): void => {
    if (stop.signal.aborted) process.exit(1);
    stop.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  await (
    await load()
  )(rest, stop.signal);
  // Stopped by a signal: what the command left open (keep-alive sockets) must not hold the exit.
  if (stop.signal.aborted) process.exit(0);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`ack-virtual-node: ${errorMessage(err)}\n`);
  process.exit(1);
});
