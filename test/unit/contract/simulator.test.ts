import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { ENGINE_OPTIONS, runBackendContract, type ContractHarness } from './contract.js';
import { runPriceContract } from './price-contract.js';

async function harness(): Promise<ContractHarness> {
  const clock = new ManualClock();
  const engine = new EciSimulator({ ...ENGINE_OPTIONS, clock });
  return { backend: engine, engine, clock, close: () => engine.close() };
}

runBackendContract('EciSimulator (in-process)', harness);
runPriceContract('EciSimulator (in-process)', harness);
