import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { ENGINE_OPTIONS, runBackendContract } from './contract.js';

runBackendContract('EciSimulator (in-process)', async () => {
  const clock = new ManualClock();
  const engine = new EciSimulator({ ...ENGINE_OPTIONS, clock });
  return { backend: engine, engine, clock, close: () => engine.close() };
});
