import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Independent ECI clients against the simulator's OpenAPI endpoint, by `go test` in
 * test/eci-go-clients: the official Go SDK (alibaba-cloud-sdk-go 1.63.107: its own signer, its own
 * flattening, with its known generator bugs, and typed responses) and the Go Tea OpenAPI client
 * (darabonba-openapi 2.1.13, V3 and V1 signatures). Not the SDK the controller uses: what they send
 * and read is what users' own Go tools send and read.
 */
const here = dirname(fileURLToPath(import.meta.url));
const moduleDir = resolve(here, '../eci-go-clients');
const cliPath = resolve(here, '../../dist/src/cli.js');

interface GoTestEvent {
  Action: string;
  Test?: string;
  Output?: string;
}

let simulator: ChildProcess;
let endpoint: string;

beforeAll(async () => {
  simulator = spawn(process.execPath, [cliPath, 'simulator', '--listen', '127.0.0.1:0', '--speed', '0.1'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of simulator.stdout ?? []) {
    out += String(chunk);
    const match = /listening on http:\/\/([\d.]+:\d+)/.exec(out);
    if (match?.[1]) {
      endpoint = match[1];
      break;
    }
  }
  if (!endpoint) throw new Error(`the simulator did not say where it listens: ${out}`);
});

afterAll(async () => {
  if (simulator.exitCode === null) {
    simulator.kill('SIGTERM');
    await once(simulator, 'exit');
  }
});

function goTest(): Promise<{ code: number | null; events: GoTestEvent[] }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('go', ['test', '-count=1', '-json', '-timeout=5m', '.'], {
      cwd: moduleDir,
      env: { ...process.env, CGO_ENABLED: '0', ECI_ENDPOINT: endpoint },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const events: GoTestEvent[] = [];
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const event = JSON.parse(line) as GoTestEvent;
        events.push(event);
        if (event.Output) process.stdout.write(event.Output);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, events }));
  });
}

it(
  'the official Go SDK and the Go Tea client create, list, page, read logs, delete and get errors from the simulator',
  async () => {
    const { code, events } = await goTest();
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
      'TestSdkSignsEveryCharacter',
      'TestTeaClientSignaturesAndPlacement',
    ]);
    expect(code).toBe(0);
  },
  10 * 60_000,
);
