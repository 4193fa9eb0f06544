import { runSimulator } from '../../../src/commands/simulator.js';
import { parseSimulatorArgs, simulatorOptions } from '../../../src/commands/simulator-args.js';
import { callV1 } from '../openapi/helpers.js';

describe('parseSimulatorArgs', () => {
  test('defaults: loopback 8080, cn-hangzhou, realistic speed, the documented test key pair', () => {
    expect(parseSimulatorArgs([], {})).toEqual({
      host: '127.0.0.1',
      port: 8080,
      speed: 1,
      regionId: 'cn-hangzhou',
      accessKeyId: 'testAccessKeyId',
      accessKeySecret: 'testAccessKeySecret',
    });
  });

  test('flags win over the environment', () => {
    const args = parseSimulatorArgs(
      ['--listen', '127.0.0.1:9001', '--speed=0.1', '--state-file', '/tmp/s.json'],
      {
        ECI_SIMULATOR_LISTEN: '0.0.0.0:1',
        ECI_REGION: 'cn-beijing',
      },
    );
    expect(args).toMatchObject({
      host: '127.0.0.1',
      port: 9001,
      speed: 0.1,
      stateFile: '/tmp/s.json',
      regionId: 'cn-beijing',
    });
  });

  test('--cluster-dns (or ECI_SIMULATOR_CLUSTER_DNS) gives the engine a resolver', () => {
    for (const args of [
      parseSimulatorArgs(['--cluster-dns', '198.18.0.1:5353'], {}),
      parseSimulatorArgs([], { ECI_SIMULATOR_CLUSTER_DNS: '198.18.0.1:5353' }),
      parseSimulatorArgs(['--cluster-dns', 'pod-nameserver'], {}),
    ]) {
      if (args === 'help') throw new Error('unexpected help');
      expect(args.clusterDns).toMatch(/^198\.18\.0\.1:5353$|^pod-nameserver$/);
      expect(simulatorOptions(args).nameResolver).toBeDefined();
    }
  });

  test('--cluster-api (or ECI_SIMULATOR_CLUSTER_API) names a kubeconfig or in-cluster, beside --cluster-dns', () => {
    const dns = ['--cluster-dns', 'pod-nameserver'];
    expect(parseSimulatorArgs([...dns, '--cluster-api', 'in-cluster'], {})).toMatchObject({
      clusterApi: 'in-cluster',
    });
    expect(parseSimulatorArgs(dns, { ECI_SIMULATOR_CLUSTER_API: '/tmp/kubeconfig' })).toMatchObject({
      clusterApi: '/tmp/kubeconfig',
    });
    expect(() => parseSimulatorArgs([], { ECI_SIMULATOR_CLUSTER_API: 'in-cluster' })).toThrow(
      'ECI_SIMULATOR_CLUSTER_API is set without --cluster-dns (ECI_SIMULATOR_CLUSTER_DNS)',
    );
  });

  test('the standalone engine enforces ECI flow control', () => {
    const args = parseSimulatorArgs([], {});
    if (args === 'help') throw new Error('unexpected help');
    expect(simulatorOptions(args).faults).toEqual({ throttle: true });
  });

  test.each([
    [['--listen', 'localhost'], '--listen "localhost" is not HOST:PORT'],
    [['--speed', '-1'], '--speed "-1" is not a number >= 0'],
    [['--access-key-id', 'x'], 'without --access-key-secret'],
    [['--port', '1'], 'unknown flag "--port"'],
    [['--region'], '--region needs a value'],
    [['--cluster-dns', 'coredns.local:53'], '--cluster-dns "coredns.local:53" is not IP:PORT'],
    [['--cluster-dns', '10.0.0.10'], '--cluster-dns "10.0.0.10" is not'],
  ])('%j is refused naming the flag', (argv, message) => {
    expect(() => parseSimulatorArgs(argv, {})).toThrow(message);
  });

  test('--help', () => {
    expect(parseSimulatorArgs(['--help'], {})).toBe('help');
  });
});

test('runSimulator serves signed calls and /healthz, prints one line, and resolves once stopped', async () => {
  const abort = new AbortController();
  const lines: string[] = [];
  let running: Promise<void> = Promise.resolve();
  const printed = new Promise<string>((resolve) => {
    running = runSimulator(['--listen', '127.0.0.1:0', '--speed', '0'], abort.signal, {
      env: {},
      stdout: (line) => {
        lines.push(line);
        resolve(line);
      },
    });
  });
  const line = await printed;
  expect(line).toMatch(
    /^ECI simulator listening on http:\/\/127\.0\.0\.1:\d+ \(region cn-hangzhou, test key testAccessKeyId\)\n$/,
  );
  const url = /(http:\/\/\S+)/.exec(line)?.[1] ?? '';
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  const res = await callV1(url, 'DescribeContainerGroups', { RegionId: 'cn-hangzhou' });
  expect(res).toMatchObject({ status: 200, body: { ContainerGroups: [], TotalCount: 0 } });
  abort.abort(new Error('stopped by SIGTERM'));
  await running;
  await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  expect(lines).toHaveLength(1);
});

test('a --cluster-api kubeconfig that is not there stops the simulator with the flag, the value and the fix', async () => {
  const argv = [
    '--listen',
    '127.0.0.1:0',
    '--cluster-dns',
    '127.0.0.1:53',
    '--cluster-api',
    '/nonexistent/kubeconfig',
  ];
  await expect(
    runSimulator(argv, new AbortController().signal, { env: {}, stdout: () => undefined }),
  ).rejects.toThrow(
    /^--cluster-api \(ECI_SIMULATOR_CLUSTER_API\) "\/nonexistent\/kubeconfig" does not reach an API server: .*ENOENT.*\. Give a kubeconfig file that exists, or in-cluster/,
  );
});
