import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { goTest } from './lib/go-test.js';

/**
 * Independent ECI clients against the simulator's OpenAPI endpoint, by `go test` in
 * test/eci-go-clients: the official Go SDK (alibaba-cloud-sdk-go 1.63.107: its own signer, its own
 * flattening, with its known generator bugs, and typed responses) and the Go Tea OpenAPI client
 * (darabonba-openapi 2.1.13, V3 and V1 signatures). Not the SDK the controller uses: what they send
 * and read is what users' own Go tools send and read. The typed Tea SDK for ECI (eci-20180808
 * 3.0.3) calls the served actions it has (not UpdateImageCache nor the VirtualNode ones) and decodes
 * their typed answers.
 */
const here = dirname(fileURLToPath(import.meta.url));
const moduleDir = resolve(here, '../eci-go-clients');
const cliPath = resolve(here, '../../dist/src/cli.js');

let simulator: ChildProcess;
let endpoint: string;

beforeAll(async () => {
  simulator = spawn(process.execPath, [cliPath, 'simulator', '--listen', '127.0.0.1:0', '--speed', '0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Read on after the address (not a loop broken early): the simulator's later lines need a reader.
  endpoint = await new Promise<string>((resolveEndpoint, reject) => {
    let out = '';
    simulator.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on http:\/\/([\d.]+:\d+)/.exec(out);
      if (match?.[1]) resolveEndpoint(match[1]);
    });
    simulator.on('exit', (code) =>
      reject(new Error(`the simulator exited (${code}) before listening: ${out}`)),
    );
  });
});

afterAll(async () => {
  if (simulator.exitCode === null) {
    simulator.kill('SIGTERM');
    await once(simulator, 'exit');
  }
});

it(
  'the official Go SDK and the Go Tea client create, list (in JSON and XML), page, read logs, delete and get errors from the simulator',
  async () => {
    const { code, events } = await goTest(moduleDir, ['-timeout=5m', '.'], { ECI_ENDPOINT: endpoint });
    const tests = (action: string): string[] =>
      events
        .filter((e) => e.Action === action && e.Test)
        .map((e) => e.Test ?? '')
        .sort();
    expect(tests('fail')).toEqual([]);
    expect(tests('pass')).toEqual([
      'TestSdkCreateDescribeLogDelete',
      'TestSdkErrors',
      'TestSdkPagesByTag',
      'TestSdkReadsXml',
      'TestSdkSignsEveryCharacter',
      'TestTeaClientDataCache',
      'TestTeaClientSignaturesAndPlacement',
      'TestTypedSdkEveryServedAction',
      'TestTypedSdkOpsActions',
    ]);
    expect(code).toBe(0);
  },
  10 * 60_000,
);
