import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadControllerConfig, parseFlags, sourceOf } from '../../../src/config/index.js';

// The chart's values.schema.json must refuse at install time exactly what the controller would
// refuse at start-up (a value the schema lets through would crash-loop the pods instead).
const chartDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../charts/ack-virtual-node');

interface Schema {
  $schema: string;
  additionalProperties: boolean;
  definitions: Record<string, { pattern?: string }>;
  properties: Record<string, { pattern?: string; enum?: string[]; items?: { $ref: string } }>;
}

const schema = JSON.parse(readFileSync(join(chartDir, 'values.schema.json'), 'utf8')) as Schema;
const pattern = (p: string | undefined): RegExp => {
  if (p === undefined) throw new Error('the schema has no pattern there');
  return new RegExp(p);
};
const controllerAccepts = (env: Record<string, string>): boolean => {
  try {
    loadControllerConfig(sourceOf(env, parseFlags([])));
    return true;
  } catch {
    return false;
  }
};

describe('values.schema.json', () => {
  it('is a draft-07 JSON schema that refuses unknown top-level keys (typos)', () => {
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
  });

  it.each(['vsw-bp1abc', 'vsw-uf6-2', 'subnet-1', 'vsw-', 'VSW-ABC', 'vsw-a b', 'sg-abc'])(
    'agrees with the controller on vSwitch ID %j',
    (id) => {
      expect(schema.properties.vswitches.items?.$ref).toBe('#/definitions/vSwitchId');
      const inSchema = pattern(schema.definitions.vSwitchId.pattern).test(id);
      expect(inSchema).toBe(controllerAccepts({ ECI_VSWITCH: id }));
    },
  );

  it.each(['sg-bp1abc', 'sg-', 'default', 'sg-ABC', 'vsw-a'])(
    'agrees with the controller on security group %j',
    (id) => {
      const inSchema = pattern(schema.properties.securityGroup.pattern).test(id);
      expect(inSchema).toBe(controllerAccepts({ ECI_SECURITY_GROUP: id }));
    },
  );

  it.each([
    'http://10.0.0.5:3128',
    'http://proxy.internal',
    'http://proxy.internal:8080/',
    'https://proxy.internal:3128',
    '10.0.0.5:3128',
    'http://user@proxy:3128',
    'http://proxy:3128/path',
  ])('agrees with the controller on port-forward proxy %j', (url) => {
    expect(pattern(schema.properties.portForwardProxy.pattern).test(url)).toBe(
      controllerAccepts({ KUBELET_PORT_FORWARD_PROXY: url }),
    );
  });

  it.each(['cn-hangzhou', 'ap-southeast-1', 'cn-hongkong', 'Hangzhou', 'cn_hangzhou', 'hangzhou'])(
    'agrees with the controller on region %j',
    (region) => {
      expect(pattern(schema.properties.region.pattern).test(region)).toBe(
        controllerAccepts({ ECI_REGION: region }),
      );
    },
  );

  it.each([
    '0.0.0.0',
    '127.0.0.1',
    '10.0.0.255',
    '::',
    '::1',
    'fe80::1',
    '999.1.1.1',
    'localhost',
    '1.2.3',
    '',
  ])('agrees with the controller on metrics address %j', (address) => {
    const controller = schema.properties.controller as unknown as {
      properties: Record<string, { pattern?: string }>;
    };
    expect(pattern(controller.properties.metricsAddress.pattern).test(address)).toBe(
      address !== '' && controllerAccepts({ METRICS_ADDRESS: address }),
    );
  });

  it.each([0, 1, 2, 20, 21])('agrees with the controller on nodesPerZone %j', (n) => {
    const range = schema.properties.nodesPerZone as unknown as { minimum: number; maximum: number };
    expect(n >= range.minimum && n <= range.maximum).toBe(
      controllerAccepts({ VKUBELET_NODES_PER_ZONE: String(n) }),
    );
  });

  it('offers exactly the backends the controller knows', () => {
    const backends = schema.properties.backend.enum ?? [];
    expect(backends.sort()).toEqual(['alibaba', 'simulator']);
    for (const backend of backends) {
      expect(
        controllerAccepts({ ECI_BACKEND: backend, ECI_VSWITCH: 'vsw-a', ECI_SECURITY_GROUP: 'sg-a' }),
      ).toBe(true);
    }
    expect(controllerAccepts({ ECI_BACKEND: 'aws' })).toBe(false);
  });
});

describe('the chart RBAC templates', () => {
  const templates = readdirSync(join(chartDir, 'templates')).filter((f) => f.endsWith('rbac.yaml'));

  it('grant no wildcard verb, resource or API group', () => {
    expect(templates.sort()).toEqual(['controller-rbac.yaml', 'simulator-rbac.yaml', 'webhook-rbac.yaml']);
    for (const file of templates) {
      const text = readFileSync(join(chartDir, 'templates', file), 'utf8');
      expect({ file, wildcard: text.includes('"*"') || text.includes("'*'") }).toEqual({
        file,
        wildcard: false,
      });
    }
  });
});
