import { errorMessage, logger } from '../log.js';
import { parseWebhookFlags, startWebhook, WEBHOOK_USAGE } from '../webhook/index.js';
import { untilAborted, type Command } from './command.js';

export const webhook: Command = {
  name: 'webhook',
  summary: 'run the eci-profile mutating admission webhook',
  help: WEBHOOK_USAGE,
  async run(argv, signal) {
    const running = await startWebhook(parseWebhookFlags(argv));
    await untilAborted(signal);
    logger.info('eci-profile webhook stopping', { reason: errorMessage(signal.reason) });
    await running.stop();
    logger.info('eci-profile webhook stopped');
  },
};
