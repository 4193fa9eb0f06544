import type { LogQuery } from '../backend.js';
import type { ContainerLog, LogLine, RepeatingLog } from './model.js';

export const LOG_TAIL = { default: 500, max: 2000 };
const MAX_LIMIT_BYTES = 1024 * 1024;

/**
 * DescribeContainerLog's Content: lines already written (t ≤ now), filtered by SinceSeconds /
 * StartTime, the last Tail of them (default 500, at most 2000), optionally RFC 3339 timestamped,
 * cut to LimitBytes (at most 1 MiB).
 */
export function readLog(log: ContainerLog, query: LogQuery, now: number): string {
  const tail = Math.max(0, Math.min(query.Tail ?? LOG_TAIL.default, LOG_TAIL.max));
  let from = -Infinity;
  if (query.SinceSeconds !== undefined) from = now - query.SinceSeconds * 1000;
  if (query.StartTime) from = Math.max(from, Date.parse(query.StartTime));
  const lines = visibleLines(log, from, now, tail);
  const text = lines.map((l) => (query.Timestamps ? `${nanoTimestamp(l.t)} ` : '') + `${l.text}\n`).join('');
  const limit = Math.min(query.LimitBytes ?? MAX_LIMIT_BYTES, MAX_LIMIT_BYTES);
  const bytes = Buffer.from(text);
  return bytes.length > limit ? bytes.subarray(0, limit).toString('utf8') : text;
}

/** The last `max` lines written in [from, to]; an endless loop's lines are produced on demand. */
export function visibleLines(log: ContainerLog, from: number, to: number, max: number): LogLine[] {
  if (max === 0) return [];
  const repeated = log.repeat ? repeatedLines(log.repeat, from, to, max) : [];
  const room = max - repeated.length;
  const fixed = room > 0 ? log.lines.filter((l) => l.t >= from && l.t <= to).slice(-room) : [];
  return [...fixed, ...repeated];
}

function repeatedLines(r: RepeatingLog, from: number, to: number, max: number): LogLine[] {
  const end = Math.min(to, r.stopT ?? Infinity);
  if (end < r.startT || r.lines.length === 0) return [];
  const out: LogLine[] = [];
  for (let k = Math.floor((end - r.startT) / r.periodMs); k >= 0; k--) {
    const base = r.startT + k * r.periodMs;
    for (let i = r.lines.length - 1; i >= 0; i--) {
      const t = base + r.lines[i].atMs;
      if (t > end) continue;
      if (t < from || out.length >= max) return out.reverse();
      out.push({ t, text: r.lines[i].text });
    }
  }
  return out.reverse();
}

/** The Kubernetes log timestamp format: RFC 3339 with nanoseconds. */
function nanoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000000Z');
}
