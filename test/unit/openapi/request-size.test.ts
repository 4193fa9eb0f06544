import { MAX_REQUEST_HEAD_BYTES } from '../../../providers/simulator/openapi/index.js';
import { callV1Raw, createParams, useSimulatorServer } from './helpers.js';

/** `count` environment variables of container 1, flattened as the SDKs send them (~100 bytes each). */
function environment(count: number): Record<string, string> {
  const vars: Record<string, string> = {};
  for (let i = 1; i <= count; i++) {
    vars[`Container.1.EnvironmentVar.${i}.Key`] = `SERVICE_${i}_PORT_8080_TCP_ADDR`;
    vars[`Container.1.EnvironmentVar.${i}.Value`] = `10.96.${i % 250}.${i % 200}`;
  }
  return vars;
}

describe('how long a request may be', () => {
  const h = useSimulatorServer();

  it('serves a CreateContainerGroup whose query string is past Node’s 16 KiB, as the SDKs send it', async () => {
    const res = await callV1Raw(
      h.server.url,
      'CreateContainerGroup',
      createParams('env-heavy', environment(300)),
      {
        method: 'POST',
      },
    );
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toHaveProperty('ContainerGroupId');
    const [group] = await h.sim.describeContainerGroups({ ContainerGroupName: 'env-heavy' });
    expect(group?.Containers[0]?.EnvironmentVars).toHaveLength(300);
  });

  it('refuses a URL past the limit with 414 and an HTML page, as POP’s front does', async () => {
    const params = createParams('too-long', environment(800));
    expect(JSON.stringify(params).length).toBeGreaterThan(MAX_REQUEST_HEAD_BYTES);
    const res = await callV1Raw(h.server.url, 'CreateContainerGroup', params, { method: 'POST' });
    expect(res.status).toBe(414);
    expect(res.contentType).toMatch(/^text\/html/);
    expect(res.text).toContain('414 Request-URI Too Large');
    expect(await h.sim.describeContainerGroups({ ContainerGroupName: 'too-long' })).toHaveLength(0);
  });

  it('serves the same parameters sent in a form body', async () => {
    const res = await callV1Raw(
      h.server.url,
      'CreateContainerGroup',
      createParams('form', environment(800)),
      {
        form: true,
      },
    );
    expect(res.status).toBe(200);
    const [group] = await h.sim.describeContainerGroups({ ContainerGroupName: 'form' });
    expect(group?.Containers[0]?.EnvironmentVars).toHaveLength(800);
  });
});
