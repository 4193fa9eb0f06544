import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { REGION, runBackendContract } from './contract.js';

runBackendContract('EciSimulator (in-process)', async () => {
  const clock = new ManualClock();
  const engine = new EciSimulator({ regionId: REGION, clock, speed: 1 });
  return { backend: engine, engine, clock, close: () => engine.close() };
});
