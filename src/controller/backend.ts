import type { Backend } from '../../providers/backend.js';
import type { ControllerConfig } from '../config/index.js';
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
    await createAlibabaBackend({
      regionId: config.region,
      endpoint: config.endpoint,
      tuning: { logger, createQuota: config.createQuota },
    }),
  );
}
