// The controller's live heap for the leak check: through the V8 inspector (the controller runs with
// --inspect on loopback in that mode), a full GC first and then the used heap, so the figure is what
// survives a cycle rather than whatever garbage the cycle left behind.
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';

const INSPECTOR_URL = /Debugger listening on (ws:\/\/\S+)/g;

/** The inspector's WebSocket URL, from the child's log (Node prints it at start-up). */
export async function inspectorUrl(logFile: string, timeoutMs = 10_000): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    // The log is appended across runs: the newest line is this process's.
    const matches = [...(await readFile(logFile, 'utf8').catch(() => '')).matchAll(INSPECTOR_URL)];
    const last = matches.at(-1);
    if (last) return last[1];
    if (performance.now() > deadline) throw new Error(`no inspector URL in ${logFile}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Reply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** A DevTools protocol session with the inspected process: one call at a time, answers by id. */
export interface InspectorSession {
  call(method: string, params?: Record<string, unknown>): Promise<Record<string, unknown>>;
  close(): void;
}

export async function openInspector(url: string): Promise<InspectorSession> {
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)), {
      once: true,
    });
  });
  const pending = new Map<number, (reply: Reply) => void>();
  ws.addEventListener('message', (event) => {
    const reply = JSON.parse(String(event.data)) as Reply;
    if (reply.id !== undefined) pending.get(reply.id)?.(reply);
  });
  let nextId = 1;
  return {
    call: (method, params = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, (reply) =>
          reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply.result ?? {}),
        );
        ws.send(JSON.stringify({ id, method, params }));
      }),
    close: () => ws.close(),
  };
}

/** Collects garbage in the inspected process, then returns its used heap in bytes. */
export async function liveHeapBytes(url: string): Promise<number> {
  const session = await openInspector(url);
  try {
    await session.call('HeapProfiler.collectGarbage');
    const usage = await session.call('Runtime.getHeapUsage');
    return typeof usage.usedSize === 'number' ? usage.usedSize : NaN;
  } finally {
    session.close();
  }
}
