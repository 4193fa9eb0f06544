import { resolve } from 'node:path';
import { untilAborted, type Command } from '../../../src/commands/command.js';
import { controller } from '../../../src/commands/controller.js';
import { clusterDown, clusterUp } from '../cluster.js';
import { productCliPath } from '../paths.js';
import { DEV_CLI_NAME } from './dev-cli.js';

export const START_HELP = `Usage: ${DEV_CLI_NAME} start [--dir DIR] [--knative]   (npm start runs it after building)

With KUBECONFIG set (or inside a pod): runs the controller against that cluster.
Without: starts a local control plane with the virtual node, the eci-profile webhook, the ECI
simulator, metrics-server and CoreDNS in the foreground (state in DIR, default .cluster) and stops it all on Ctrl-C.
  --knative   also Knative Serving (built from its Go module on first use), for the Knative guides:
              npm start -- --knative
`;

async function runStart(argv: string[], signal: AbortSignal): Promise<void> {
  if (process.env.KUBECONFIG || process.env.KUBERNETES_SERVICE_HOST) return controller.run(argv, signal);
  const dirFlag = argv.indexOf('--dir');
  const dir = resolve(dirFlag >= 0 ? (argv[dirFlag + 1] ?? '.cluster') : '.cluster');
  const knative = argv.includes('--knative');
  const info = await clusterUp({
    dir,
    knative,
    cliPath: productCliPath,
    onProgress: (line) => void process.stderr.write(`${line}\n`),
  });
  if (!signal.aborted) {
    process.stdout.write(
      [
        '',
        `Local cluster ready: virtual node ${info.virtualNode}.`,
        'In another shell:',
        `  export KUBECONFIG=${info.kubeconfig}`,
        '  kubectl get nodes',
        knative
          ? '  kubectl create namespace vk && kubectl apply -f test/e2e/scenarios/knative/01-affinity-and-toleration.yaml'
          : '  kubectl apply -f examples/nginx-on-eci.yaml && kubectl get pod -o wide -w',
        '  kubectl top pod',
        `  kubectl get --raw /api/v1/nodes/${info.virtualNode}/proxy/stats/summary`,
        '',
        `Logs: ${dir}/logs/. Press Ctrl-C to stop everything.`,
        '',
      ].join('\n'),
    );
  }
  await untilAborted(signal);
  process.stdout.write('stopping...\n');
  await clusterDown({ dir });
}

export const start: Command = {
  name: 'start',
  summary: 'KUBECONFIG set: run the controller; otherwise run the local stack in the foreground',
  help: START_HELP,
  run: runStart,
};
