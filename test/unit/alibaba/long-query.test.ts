import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as openapi from '@alicloud/openapi-client';
import { createAlibabaBackend } from '../../../providers/alibaba/index.js';
import { fitUrl, MAX_QUERY_BYTES, queryBytes } from '../../../providers/alibaba/long-query.js';
import { rpcParams } from '../../../providers/alibaba/sdk-client.js';
import type { CreateContainerGroupRequest } from '../../../providers/eci-api/index.js';
import { EciSimulator } from '../../../providers/simulator/index.js';
import {
  createOpenApiHttpServer,
  createOpenApiServer,
  MAX_REQUEST_HEAD_BYTES,
} from '../../../providers/simulator/openapi/index.js';

const RPC_POST = rpcParams('CreateContainerGroup', '2018-08-08');

/** A query of just over `bytes`. */
function longQuery(bytes: number): Record<string, string> {
  const query: Record<string, string> = { RegionId: 'cn-hangzhou' };
  for (let i = 1, size = queryBytes(query); size <= bytes; i++) {
    query[`Container.1.EnvironmentVar.${i}.Key`] = `VAR_${i}`;
    size += queryBytes({ [`Container.1.EnvironmentVar.${i}.Key`]: `VAR_${i}` });
  }
  return query;
}

describe('fitUrl', () => {
  it('leaves a query that fits a URL where the SDK put it', () => {
    const request = new openapi.OpenApiRequest({ query: longQuery(1000) });
    expect(fitUrl(RPC_POST, request)).toBe(request);
  });

  it('moves a query past MAX_QUERY_BYTES into the form body of an RPC POST', () => {
    const query = longQuery(MAX_QUERY_BYTES);
    const fitted = fitUrl(RPC_POST, new openapi.OpenApiRequest({ query, headers: { 'x-a': '1' } }));
    expect(fitted.query).toEqual({});
    expect(fitted.body).toEqual(query);
    expect(fitted.headers).toEqual({ 'x-a': '1' });
  });

  it('counts a value as percent-encoded: 4,000 Chinese characters are 36,000 bytes of URL', () => {
    const query = { RegionId: 'cn-hangzhou', 'Container.1.Arg.1': '中'.repeat(4000) };
    expect(fitUrl(RPC_POST, new openapi.OpenApiRequest({ query })).body).toEqual(query);
  });

  it('leaves a GET, a ROA call and a call with a body of its own as they are', () => {
    const query = longQuery(MAX_QUERY_BYTES);
    const get = new openapi.Params({ ...RPC_POST, method: 'GET' });
    const roa = new openapi.Params({ ...RPC_POST, style: 'ROA' });
    const request = new openapi.OpenApiRequest({ query });
    expect(fitUrl(get, request)).toBe(request);
    expect(fitUrl(roa, request)).toBe(request);
    const withBody = new openapi.OpenApiRequest({ query, body: { A: 'b' } });
    expect(fitUrl(RPC_POST, withBody)).toBe(withBody);
  });

  it('counts the query as it is written into the URL', () => {
    expect(queryBytes({ Name: 'a b', 'Container.1.Name': 'x' })).toBe(
      'Name=a%20b&Container.1.Name=x&'.length,
    );
  });
});

describe('a CreateContainerGroup too long for a URL, through the official SDK over HTTP', () => {
  let server: Server;
  let engine: EciSimulator;
  let url: string;
  beforeEach(async () => {
    engine = new EciSimulator({ speed: 1000, jitter: 0 });
    const app = createOpenApiServer(engine, {
      credentials: [{ accessKeyId: 'testAccessKeyId', secretAccessKey: 'testAccessKeySecret' }],
      regionId: 'cn-hangzhou',
    });
    server = await new Promise<Server>((resolve) => {
      const s = createOpenApiHttpServer(app).listen(0, '127.0.0.1', () => resolve(s));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await engine.close();
  });

  it('is created, with every variable, although its URL would be refused', async () => {
    const backend = await createAlibabaBackend({
      regionId: 'cn-hangzhou',
      endpoint: url,
      credentials: {
        type: 'access_key',
        origin: 'test',
        accessKeyId: 'testAccessKeyId',
        accessKeySecret: 'testAccessKeySecret',
      },
      tuning: { rateLimits: false, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    });
    // 900 variables of ~60 bytes each: some 80 KB of query, past the 64 KiB the simulator's front takes.
    const env = Array.from({ length: 900 }, (_, i) => ({
      Key: `SERVICE_${i}_PORT_8080_TCP_ADDR`,
      Value: `10.96.${i % 250}.${i % 200}`,
    }));
    const request: CreateContainerGroupRequest = {
      RegionId: 'cn-hangzhou',
      SecurityGroupId: 'sg-1',
      VSwitchId: 'vsw-1',
      ContainerGroupName: 'env-heavy',
      RestartPolicy: 'Always',
      Tag: [],
      Container: [{ Name: 'app', Image: 'nginx:1.25', EnvironmentVar: env }],
    };
    const asQuery = env.map(
      (e, i) =>
        `Container.1.EnvironmentVar.${i + 1}.Key=${e.Key}&Container.1.EnvironmentVar.${i + 1}.Value=${e.Value}`,
    );
    expect(asQuery.join('&').length).toBeGreaterThan(MAX_REQUEST_HEAD_BYTES);
    try {
      const { ContainerGroupId } = await backend.createContainerGroup(request);
      const [group] = await backend.describeContainerGroups({ ContainerGroupIds: [ContainerGroupId] });
      expect(group?.Containers[0]?.EnvironmentVars).toHaveLength(900);
    } finally {
      await backend.close();
    }
  });
});
