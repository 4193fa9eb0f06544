// Prometheus text parsing and counter deltas (pure), and /proc sampling of a process's memory and CPU.
import { readFile } from 'node:fs/promises';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

function unescape(v: string): string {
  return v.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** The samples of a Prometheus text exposition (comments and malformed lines skipped). */
export function parsePrometheus(text: string): Sample[] {
  const out: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(LABEL)) labels[l[1]] = unescape(l[2]);
    const value = Number(m[3]);
    if (!Number.isNaN(value)) out.push({ name: m[1], labels, value });
  }
  return out;
}

/**
 * Sums of counter `name` between two scrapes, grouped by `keyOf` (undefined drops a sample).
 * Series absent before count from zero; groups that did not move are left out.
 */
export function counterDelta(
  before: readonly Sample[],
  after: readonly Sample[],
  name: string,
  keyOf: (labels: Record<string, string>) => string | undefined,
): Map<string, number> {
  const sums = new Map<string, number>();
  const add = (samples: readonly Sample[], sign: number): void => {
    for (const s of samples) {
      if (s.name !== name) continue;
      const key = keyOf(s.labels);
      if (key !== undefined) sums.set(key, (sums.get(key) ?? 0) + sign * s.value);
    }
  };
  add(after, 1);
  add(before, -1);
  for (const [k, v] of sums) if (v === 0) sums.delete(k);
  return sums;
}

const READ_VERBS = new Set(['GET', 'LIST', 'WATCH', 'CONNECT']);
/** Reads that end: a watch is one request however long it streams. */
const COUNTED_READS = new Set(['GET', 'LIST']);

/** "VERB resource[/sub]", and the code when it failed: a failed call still costs a round trip. */
function requestKey(labels: Record<string, string>): string {
  const sub = labels.subresource ? `/${labels.subresource}` : '';
  const code = labels.code ?? '';
  return `${labels.verb ?? ''} ${labels.resource ?? ''}${sub}${code.startsWith('2') ? '' : ` [${code}]`}`;
}

/** The group a write to the API server is counted in: only pods (and their subresources) and events, failures by code. */
export function apiWriteKey(labels: Record<string, string>): string | undefined {
  if (READ_VERBS.has(labels.verb ?? '')) return undefined;
  if (labels.resource !== 'pods' && labels.resource !== 'events') return undefined;
  return requestKey(labels);
}

/** Mutating API calls by "VERB resource[/subresource]" between two API server scrapes. */
export function apiWrites(before: readonly Sample[], after: readonly Sample[]): Map<string, number> {
  return counterDelta(before, after, 'apiserver_request_total', apiWriteKey);
}

/**
 * GET and LIST calls of any resource by any client between two API server scrapes: the server counts
 * requests, not who sent them, so the control plane's own reads are in too.
 */
export function apiReads(before: readonly Sample[], after: readonly Sample[]): Map<string, number> {
  return counterDelta(before, after, 'apiserver_request_total', (l) =>
    COUNTED_READS.has(l.verb ?? '') ? requestKey(l) : undefined,
  );
}

/** ECI backend calls by action between two controller scrapes. */
export function backendCalls(before: readonly Sample[], after: readonly Sample[]): Map<string, number> {
  return counterDelta(before, after, 'eci_backend_requests_total', (l) =>
    l.code === 'Success' ? l.action : `${l.action} (${l.code})`,
  );
}

/**
 * Pod watches (any client's: ours, the scheduler's, the benchmark's own) the API server closed
 * because events backed up: it buffers 10 events for a watch of one node's pods, and waits for a
 * full buffer (stalling delivery to every pod watcher) before closing it. Many closes mean the API
 * server or a client was short of CPU.
 */
export function closedPodWatches(before: readonly Sample[], after: readonly Sample[]): number {
  const delta = counterDelta(before, after, 'apiserver_terminated_watchers_total', (l) =>
    l.resource === 'pods' ? 'pods' : undefined,
  );
  return delta.get('pods') ?? 0;
}

export interface ProcStats {
  rssBytes: number;
  /** The kernel's peak RSS of the process (VmHWM). */
  hwmBytes: number;
  cpuSeconds: number;
}

/** VmRSS and VmHWM (bytes) from /proc/<pid>/status text. */
export function parseProcStatus(text: string): { rssBytes: number; hwmBytes: number } {
  const kb = (field: string): number => {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    if (!m) throw new Error(`/proc status has no ${field} line: is the process a zombie?`);
    return Number(m[1]) * 1024;
  };
  return { rssBytes: kb('VmRSS'), hwmBytes: kb('VmHWM') };
}

/** utime + stime (seconds) from /proc/<pid>/stat text; the command name may hold spaces and ')'. */
export function parseProcStat(text: string, ticksPerSecond: number): number {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // Fields after the name start at field 3 (state); utime and stime are fields 14 and 15.
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`unreadable /proc stat: ${text}`);
  return (utime + stime) / ticksPerSecond;
}

/** Linux's USER_HZ: 100 on every mainstream architecture, and not readable without a helper. */
const TICKS_PER_SECOND = 100;

export async function readProcStats(pid: number): Promise<ProcStats> {
  const [status, stat] = await Promise.all([
    readFile(`/proc/${pid}/status`, 'utf8'),
    readFile(`/proc/${pid}/stat`, 'utf8'),
  ]);
  return { ...parseProcStatus(status), cpuSeconds: parseProcStat(stat, TICKS_PER_SECOND) };
}

/** Polls a process's /proc entry, keeping the peak RSS seen and the last reading. */
export class ProcSampler {
  peakRssBytes = 0;
  last: ProcStats | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 250,
  ) {}

  async sample(): Promise<ProcStats | undefined> {
    try {
      this.last = await readProcStats(this.pid);
      this.peakRssBytes = Math.max(this.peakRssBytes, this.last.rssBytes, this.last.hwmBytes);
      return this.last;
    } catch {
      return undefined; // the process exited: keep what was seen
    }
  }

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.intervalMs);
  }

  async stop(): Promise<ProcStats | undefined> {
    clearInterval(this.timer);
    return this.sample();
  }
}
