import { resolve } from 'node:path';
import type { Command } from '../../../src/commands/command.js';
import { clusterDown, clusterStatus, clusterUp, stopComponent } from '../cluster.js';
import { productCliPath } from '../paths.js';
import { DEV_CLI_NAME } from './dev-cli.js';

export const CLUSTER_HELP = `Usage: ${DEV_CLI_NAME} cluster <up|down|status|kill> --dir DIR [flags]

  up      start (in the background) etcd, kube-apiserver, kube-scheduler, kube-controller-manager,
          the ECI simulator, the eci-profile webhook, CoreDNS, the virtual node controller and
          metrics-server; returns when the virtual node is Ready. Adds the host-only node address
          198.18.0.1 to lo (see README). Writes DIR/kubeconfig and DIR/env (source it). Builds the
          Kubernetes binaries, metrics-server and CoreDNS on first use (minutes, cached per user).
          Re-running it restarts only what is not running.
            --control-plane-only   start only the Kubernetes components
            --knative              also Knative Serving v0.42.2 (controller, webhook, autoscaler,
                                   activator) built from its Go module on first use
  down    stop everything \`up\` started (by the PIDs recorded under DIR/pids)
  status  show what runs
  kill    stop one component: --component controller|webhook|simulator|kube-apiserver|...

  --dir DIR   the cluster's directory (default .cluster)
`;

export interface ClusterFlags {
  dir: string;
  controlPlaneOnly: boolean;
  knative: boolean;
  component?: string;
}

export function parseClusterFlags(argv: string[]): ClusterFlags {
  const flags: ClusterFlags = { dir: '.cluster', controlPlaneOnly: false, knative: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dir' || arg === '--component') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--'))
        throw new Error(`${arg} needs a value, e.g. ${arg} ${arg === '--dir' ? '.cluster' : 'controller'}`);
      if (arg === '--dir') flags.dir = value;
      else flags.component = value;
    } else if (arg.startsWith('--dir=')) flags.dir = arg.slice(6);
    else if (arg === '--control-plane-only') flags.controlPlaneOnly = true;
    else if (arg === '--knative') flags.knative = true;
    else throw new Error(`unknown flag ${arg}; run \`${DEV_CLI_NAME} cluster --help\``);
  }
  return flags;
}

async function runCluster(argv: string[]): Promise<void> {
  const [verb, ...rest] = argv;
  if (verb === undefined) throw new Error('say what to do: cluster up, down, status or kill (see --help)');
  const flags = parseClusterFlags(rest);
  const dir = resolve(flags.dir);
  const progress = (line: string): void => void process.stderr.write(`${line}\n`);
  switch (verb) {
    case 'up': {
      await clusterUp({
        dir,
        controlPlaneOnly: flags.controlPlaneOnly,
        knative: flags.knative,
        cliPath: productCliPath,
        onProgress: progress,
      });
      process.stdout.write(`cluster ready. To use it:\n  source ${dir}/env\n  kubectl get nodes\n`);
      return;
    }
    case 'down':
      await clusterDown({ dir });
      process.stdout.write(`stopped everything under ${dir}\n`);
      return;
    case 'status':
      for (const c of await clusterStatus({ dir })) {
        process.stdout.write(
          `${c.name.padEnd(24)} ${c.running ? 'running' : 'stopped'}${c.pid ? ` pid ${c.pid}` : ''}  ${c.detail ?? ''}\n`,
        );
      }
      return;
    case 'kill':
      if (flags.component === undefined)
        throw new Error('kill needs --component, e.g. --component controller');
      await stopComponent(dir, flags.component);
      return;
    default:
      throw new Error(`unknown cluster command "${verb}"; use up, down, status or kill`);
  }
}

export const cluster: Command = {
  name: 'cluster',
  summary: 'up|down|status|kill: the local control plane with the virtual node, webhook and simulator',
  help: CLUSTER_HELP,
  // Every verb returns once done (`up` leaves the components running in the background).
  run: (argv) => runCluster(argv),
};
