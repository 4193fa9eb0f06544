import { CONTROLLER_HELP, runController } from '../controller/run.js';
import { untilAborted, type Command } from './command.js';

export const controller: Command = {
  name: 'controller',
  summary: 'run the virtual node controller (registers the node, runs pods on ECI)',
  help: CONTROLLER_HELP,
  async run(argv, signal) {
    await runController(argv, signal);
    // runController returns once the node is ready and stops on `signal`: run until then.
    await untilAborted(signal);
  },
};
