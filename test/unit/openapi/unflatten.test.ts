import { ApiError } from '../../../providers/simulator/openapi/errors.js';
import { ACTION_SCHEMAS } from '../../../providers/simulator/openapi/schema.js';
import { unflatten } from '../../../providers/simulator/openapi/unflatten.js';

const create = ACTION_SCHEMAS.CreateContainerGroup;

function errorOf(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected an ApiError');
}

describe('unflatten', () => {
  test('nested lists and objects become the PascalCase request, numbers and booleans typed by the schema', () => {
    const params = unflatten(
      [
        ['Container.1.Name', 'app'],
        ['Container.1.Cpu', '0.5'],
        ['Container.1.EnvironmentVar.1.Key', 'A'],
        ['Container.1.EnvironmentVar.1.Value', '1'],
        ['Container.1.EnvironmentVar.2.Key', 'POD_IP'],
        ['Container.1.EnvironmentVar.2.FieldRef.FieldPath', 'status.podIP'],
        ['Container.1.Port.1.Port', '8080'],
        ['Container.1.Port.1.Protocol', 'TCP'],
        ['Container.1.ReadinessProbe.HttpGet.Port', '8080'],
        ['Container.1.StartupProbe.TcpSocket.Port', '8080'],
        ['Container.1.VolumeMount.1.ReadOnly', 'true'],
        ['Container.1.Command.1', 'sh'],
        ['Container.1.Command.2', '-c'],
        ['Volume.1.NFSVolume.Server', 'nas.example'],
        ['DnsConfig.NameServer.1', '10.0.0.10'],
        ['HostAliase.1.Hostname.1', 'db'],
        ['AutoCreateEip', 'false'],
      ],
      create,
    );
    expect(params).toEqual({
      Container: [
        {
          Name: 'app',
          Cpu: 0.5,
          EnvironmentVar: [
            { Key: 'A', Value: '1' },
            { Key: 'POD_IP', FieldRef: { FieldPath: 'status.podIP' } },
          ],
          Port: [{ Port: 8080, Protocol: 'TCP' }],
          ReadinessProbe: { HttpGet: { Port: 8080 } },
          StartupProbe: { TcpSocket: { Port: 8080 } },
          VolumeMount: [{ ReadOnly: true }],
          Command: ['sh', '-c'],
        },
      ],
      Volume: [{ NFSVolume: { Server: 'nas.example' } }],
      DnsConfig: { NameServer: ['10.0.0.10'] },
      HostAliase: [{ Hostname: ['db'] }],
      AutoCreateEip: false,
    });
  });

  test('list order follows the 1-based numbers, not the order parameters arrive in', () => {
    const params = unflatten(
      [
        ['Container.10.Name', 'ten'],
        ['Container.2.Name', 'two'],
        ['Container.1.Name', 'one'],
      ],
      create,
    );
    expect(params.Container).toEqual([{ Name: 'one' }, { Name: 'two' }, { Name: 'ten' }]);
  });

  test('a non-number where the schema has a number names the parameter', () => {
    const err = errorOf(() => unflatten([['Container.1.Port.1.Port', 'http']], create));
    expect(err.code).toBe('InvalidParameter');
    expect(err.status).toBe(400);
    expect(err.message).toContain('Container.1.Port.1.Port');
    expect(err.message).toContain('"http"');
  });

  test('a non-boolean where the schema has a boolean names the parameter', () => {
    expect(errorOf(() => unflatten([['DryRun', 'yes']], create)).message).toContain('DryRun');
  });

  test('list entries are numbered from 1', () => {
    expect(errorOf(() => unflatten([['Container.0.Name', 'x']], create)).message).toContain('Container.0');
  });

  test('a value and nested parameters under the same name conflict', () => {
    const err = errorOf(() =>
      unflatten(
        [
          ['Tag.1', 'x'],
          ['Tag.1.Key', 'k'],
        ],
        create,
      ),
    );
    expect(err.message).toContain('Tag.1');
  });

  test('a single value where the schema has a list or an object is dropped, with what it alone made', () => {
    expect(
      unflatten(
        [
          ['Volume', 'app'],
          ['Tag.1.Key', 'k'],
          ['Tag.2', 'v'],
          ['DnsConfig', 'x'],
          ['Container.1.LivenessProbe.Exec.Command', '<[]string Value>'],
        ],
        create,
      ),
    ).toEqual({ Tag: [{ Key: 'k' }] });
  });

  test('unknown parameters are kept as strings, nested the same way', () => {
    expect(
      unflatten(
        [
          ['Future.1.Thing', '42'],
          ['Other', 'x'],
        ],
        create,
      ),
    ).toEqual({ Future: [{ Thing: '42' }], Other: 'x' });
  });

  test('empty segments are refused', () => {
    expect(errorOf(() => unflatten([['Container..Name', 'x']], create)).message).toContain('Container..Name');
  });
  describe('a map (CreateDataCache DataSource.Options: string to string)', () => {
    const dataCache = ACTION_SCHEMAS.CreateDataCache;

    test('any key under the map is kept, as the string sent', () => {
      expect(
        unflatten(
          [
            ['DataSource.Type', 'URL'],
            ['DataSource.Options.url', 'https://example.com/m.bin'],
            ['DataSource.Options.#10#repoSource', 'HuggingFace/Model'],
            ['DataSource.Options.size', '42'],
            ['DataSource.Options.__proto__', 'p'],
          ],
          dataCache,
        ),
      ).toEqual({
        DataSource: {
          Type: 'URL',
          Options: {
            url: 'https://example.com/m.bin',
            '#10#repoSource': 'HuggingFace/Model',
            size: '42',
            ['__proto__']: 'p',
          },
        },
      });
    });

    test('a map entry is a plain own property, never a prototype swap', () => {
      const out = unflatten([['DataSource.Options.__proto__', 'p']], dataCache);
      const options = (out.DataSource as Record<string, Record<string, unknown>>).Options;
      expect(Object.getPrototypeOf(options)).toBe(Object.prototype);
      expect(Object.keys(options)).toEqual(['__proto__']);
    });

    test('nested parameters under a string entry are refused, naming the parameter', () => {
      const err = errorOf(() => unflatten([['DataSource.Options.url.x', 'y']], dataCache));
      expect([err.code, err.message]).toEqual([
        'InvalidParameter',
        expect.stringContaining('DataSource.Options.url'),
      ]);
    });

    test('a single value sent under the map name is ignored, as for lists and objects', () => {
      expect(unflatten([['DataSource.Options', 'x']], dataCache)).toEqual({});
    });
  });
});
