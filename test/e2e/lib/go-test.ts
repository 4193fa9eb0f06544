import { spawn } from 'node:child_process';

/** One line of `go test -json`. */
export interface GoTestEvent {
  Action: string;
  Test?: string;
  Output?: string;
}

/**
 * `go test -count=1 -json <args>` in a Go module of test/, printing the tests' output as it comes;
 * resolves with the exit code and every event.
 */
export function goTest(
  moduleDir: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; events: GoTestEvent[] }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('go', ['test', '-count=1', '-json', ...args], {
      cwd: moduleDir,
      env: { ...process.env, CGO_ENABLED: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
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
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, events }));
  });
}
