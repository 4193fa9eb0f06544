import { resolve } from 'node:path';
import { cliPath } from './cli.js';
import { clusterDown, clusterUp } from './cluster.js';

export const START_HELP = `Usage: ack-virtual-node start [--dir DIR]

With KUBECONFIG set (or inside a pod): runs the controller against that cluster.
Without: starts a local control plane with the virtual node, the eci-profile webhook and the ECI
simulator in the foreground (state in DIR, default .cluster) and stops it all on Ctrl-C.
`;

export async function runStart(argv: string[], signal: AbortSignal): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(START_HELP);
    return;
  }
  if (process.env.KUBECONFIG || process.env.KUBERNETES_SERVICE_HOST) {
    const { runController } = await import('../controller/run.js');
    return runController(argv, signal);
  }
  const dirFlag = argv.indexOf('--dir');
  const dir = resolve(dirFlag >= 0 ? (argv[dirFlag + 1] ?? '.cluster') : '.cluster');
  const info = await clusterUp({
    dir,
    cliPath,
    onProgress: (line) => void process.stderr.write(`${line}\n`),
  });
  process.stdout.write(
    [
      '',
      `Local cluster ready: virtual node ${info.virtualNode}.`,
      'In another shell:',
      `  export KUBECONFIG=${info.kubeconfig}`,
      '  kubectl get nodes',
      '  kubectl apply -f examples/nginx-on-eci.yaml && kubectl get pod -o wide -w',
      '',
      `Logs: ${dir}/logs/. Press Ctrl-C to stop everything.`,
      '',
    ].join('\n'),
  );
  // A signal listener alone does not keep Node running: hold the event loop open until one arrives.
  const keepAlive = setInterval(() => undefined, 60_000);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  clearInterval(keepAlive);
  process.stdout.write('stopping...\n');
  await clusterDown({ dir });
}
