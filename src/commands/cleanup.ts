import type { ContainerGroup } from '../../providers/eci-api/index.js';
import {
  CONTROLLER_SETTINGS,
  loadControllerConfig,
  parseFlags,
  rejectUnknownFlags,
  sourceOf,
} from '../config/index.js';
import { TAG } from '../translate/index.js';
import type * as k8s from '@kubernetes/client-node';
import { connect } from '../kube/connect.js';
import { createBackend } from '../controller/backend.js';
import type { Command } from './command.js';

export const CLEANUP_HELP = `Usage: ack-virtual-node cleanup [--yes] [--all] [settings]

Lists the ECI container groups tagged with this cluster (ALIYUN_CLUSTERID) whose pod no longer
exists: what uninstalling the add-on while ECI pods ran leaves behind, still billed.
  --yes   delete them (default: dry run, only list)
  --all   every container group of this cluster, pods or not (after uninstalling)
Backend settings as for \`controller\` (ECI_BACKEND, ECI_REGION, ECI_ENDPOINT, credentials, KUBECONFIG).
`;

const OWN_FLAGS = ['YES', 'ALL', 'DRY_RUN'];

export function orphansOf(
  groups: ContainerGroup[],
  livePodUids: Set<string>,
  all: boolean,
): ContainerGroup[] {
  return groups.filter((g) => all || !livePodUids.has(g.Tags.find((t) => t.Key === TAG.uid)?.Value ?? ''));
}

/** The line `cleanup` prints for an orphan: what a user needs to recognise the group and its pod. */
export function orphanLine(g: ContainerGroup): string {
  const tag = (k: string): string => g.Tags.find((t) => t.Key === k)?.Value ?? '?';
  return `${g.ContainerGroupId}  ${g.Status.padEnd(10)} ${tag(TAG.namespace)}/${tag(TAG.podName)}  node=${tag(TAG.node)}`;
}

async function runCleanup(argv: string[], signal: AbortSignal): Promise<void> {
  const flags = parseFlags(argv);
  const yes = flags.get('YES') === 'true';
  const all = flags.get('ALL') === 'true';
  for (const f of OWN_FLAGS) flags.delete(f);
  rejectUnknownFlags(flags, CONTROLLER_SETTINGS);
  const config = loadControllerConfig(sourceOf(process.env, flags));
  const { backend } = await createBackend(config);
  try {
    const groups = await backend.describeContainerGroups({
      Tags: [{ Key: TAG.cluster, Value: config.clusterId }],
    });
    let live = new Set<string>();
    if (!all) {
      const { items } = await (await connect(flags.get('KUBECONFIG'))).list<k8s.V1Pod>('/api/v1/pods');
      live = new Set(items.map((pod) => pod.metadata?.uid ?? ''));
    }
    const orphans = orphansOf(groups, live, all);
    let deleted = 0;
    for (const g of orphans) {
      process.stdout.write(`${orphanLine(g)}\n`);
      if (yes) {
        if (signal.aborted) {
          throw new Error(
            `stopped after deleting ${deleted} of ${orphans.length}: run \`cleanup --yes\` again for the rest`,
          );
        }
        await backend.deleteContainerGroup(g.ContainerGroupId);
        deleted++;
      }
    }
    const verb = yes ? 'deleted' : 'would delete (dry run; add --yes to delete)';
    process.stdout.write(
      `${orphans.length} of ${groups.length} container groups of cluster ${config.clusterId} ${verb}\n`,
    );
  } finally {
    await backend.close();
  }
}

export const cleanup: Command = {
  name: 'cleanup',
  summary: 'list (--yes: delete) container groups of this cluster whose pods are gone',
  help: CLEANUP_HELP,
  run: runCleanup,
};
