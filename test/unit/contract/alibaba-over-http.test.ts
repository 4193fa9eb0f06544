import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAlibabaBackend } from '../../../providers/alibaba/index.js';
import { EciSimulator, ManualClock } from '../../../providers/simulator/index.js';
import { createOpenApiHttpServer, createOpenApiServer } from '../../../providers/simulator/openapi/index.js';
import { ENGINE_OPTIONS, REGION, runBackendContract, type ContractHarness } from './contract.js';
import { runPriceContract } from './price-contract.js';

const KEY = { accessKeyId: 'testAccessKeyId', secretAccessKey: 'testAccessKeySecret' };

async function harness(): Promise<ContractHarness> {
  const clock = new ManualClock();
  const engine = new EciSimulator({ ...ENGINE_OPTIONS, clock });
  const app = createOpenApiServer(engine, { credentials: [KEY], regionId: REGION });
  const server = await new Promise<Server>((resolve) => {
    const s = createOpenApiHttpServer(app).listen(0, '127.0.0.1', () => resolve(s));
  });
  const backend = await createAlibabaBackend({
    regionId: REGION,
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: {
      type: 'access_key',
      origin: 'test',
      accessKeyId: KEY.accessKeyId,
      accessKeySecret: KEY.secretAccessKey,
    },
    tuning: { rateLimits: false, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
  });
  return {
    backend,
    engine,
    clock,
    close: async () => {
      await backend.close();
      await engine.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const NAME = 'AlibabaBackend → OpenAPI over HTTP → EciSimulator';
runBackendContract(NAME, harness);
runPriceContract(NAME, harness);
