import type { Backend } from '../../providers/backend.js';
import type { ControllerConfig } from '../config/index.js';
import { ConfigError } from '../config/index.js';
import { logger } from '../log.js';

/** The backend ECI_BACKEND names. Imported lazily: the SDK is only loaded when it is used. */
export async function createBackend(config: ControllerConfig): Promise<Backend> {
  const { instrumentBackend } = await import('../../providers/metrics.js');
  if (config.backend === 'simulator') {
    const { EciSimulator } = await import('../../providers/simulator/index.js');
    return instrumentBackend(
      new EciSimulator({ regionId: config.region, speed: config.simulatorSpeed, logger }),
    );
  }
  const { createAlibabaBackend } = await import('../../providers/alibaba/index.js');
  return instrumentBackend(
    await createAlibabaBackend({ regionId: config.region, endpoint: config.endpoint, tuning: { logger } }),
  );
}

/**
 * ECI_ZONE, or a zone guessed from the vSwitch ID's last letter: WRONG for real IDs
 * (`vsw-2ze23nqzig8inprou` → `cn-hangzhou-u`, no such zone).
 * @deprecated Use `nodeZone(config, backend)` from ./zone.ts, which asks VPC DescribeVSwitches. Kept
 * only because run.ts (being rewritten elsewhere) still calls it; delete it with that call.
 */
export function resolveZone(config: ControllerConfig): string {
  if (config.zone !== undefined) return config.zone;
  const first = config.vSwitchIds[0];
  const suffix = first === undefined ? undefined : /-([a-z])$/.exec(first)?.[1];
  if (suffix !== undefined) return `${config.region}-${suffix}`;
  if (config.backend === 'simulator') return `${config.region}-b`;
  throw new ConfigError(
    'ECI_ZONE',
    '',
    `the zone of vSwitch ${first ?? '(none)'} is not known here: set ECI_ZONE to it, e.g. ${config.region}-b`,
  );
}
