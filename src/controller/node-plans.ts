import type { Backend } from '../../providers/backend.js';
import { delay, type Clock } from '../../providers/clock.js';
import type { ControllerConfig } from '../config/index.js';
import type { KubeRest } from '../kube/index.js';
import { errorMessage, logger } from '../log.js';
import { namedArmTwinOf, zoneNodesOf } from '../node/index.js';
import type { EciProfileWatcher } from '../profile/watch.js';
import type { NodeSet } from './node-set.js';
import { nodePlans } from './zone.js';

/** How long start-up waits for the eci-profile listing before planning from ECI_VSWITCH alone. */
const PROFILE_SYNC_MS = 10_000;

export interface PlanSources {
  api: KubeRest;
  config: ControllerConfig;
  backend: Pick<Backend, 'describeVSwitches'>;
  profile: EciProfileWatcher;
  clock: Clock;
}

/** The vSwitches in effect: the eci-profile's when it lists some, else ECI_VSWITCH. */
function configuredVSwitches(sources: PlanSources): string[] {
  const fromProfile = sources.profile.current().vSwitchIds;
  return fromProfile?.length ? fromProfile : sources.config.vSwitchIds;
}

/** The live eci-profile asks for ARM twins of the nodes (enableLinuxArm64Node). */
function armWanted(sources: PlanSources): boolean {
  return sources.profile.current().enableLinuxArm64Node === true;
}

/** What the plan depends on besides the zones VPC reports: a change of it plans again. */
function planInputs(sources: PlanSources): string {
  return `${configuredVSwitches(sources).join(',')}${armWanted(sources) ? ' +arm64' : ''}`;
}

async function plan(sources: PlanSources, nodes: NodeSet): Promise<void> {
  const { api, config, backend } = sources;
  const vSwitchIds = configuredVSwitches(sources);
  const plans = await nodePlans({ ...config, vSwitchIds }, backend, undefined, armWanted(sources));
  // Nodes left behind by an earlier configuration (the controller was down when it changed).
  const registered =
    config.nodeName === undefined
      ? await zoneNodesOf(api, config.clusterId)
      : await namedArmTwinOf(api, config.nodeName);
  await nodes.setPlans(plans, registered);
}

/**
 * Plans the nodes once the eci-profile is listed (a start-up plan from ECI_VSWITCH alone would
 * retire the profile's zones for a moment), then again whenever the profile's vSwitchIds or
 * enableLinuxArm64Node change.
 * A vSwitch VPC does not know keeps the previous plan, with an error in the log.
 * Returns a function that stops following.
 */
export async function followPlans(sources: PlanSources, nodes: NodeSet): Promise<() => void> {
  for (let waited = 0; !sources.profile.hasSynced && waited < PROFILE_SYNC_MS; waited += 100) {
    await delay(sources.clock, 100);
  }
  await plan(sources, nodes);
  let last = planInputs(sources);
  let queue = Promise.resolve();
  return sources.profile.onChange(() => {
    const now = planInputs(sources);
    if (now === last) return;
    last = now;
    queue = queue
      .then(() => plan(sources, nodes))
      .catch((err: unknown) => {
        logger.error('the new vSwitches or ARM setting cannot be used: the nodes stay as they are', {
          plan: now,
          err: errorMessage(err),
        });
      });
  });
}
