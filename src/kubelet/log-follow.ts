import { rfc3339 } from '../kube/microtime.js';

/**
 * Turning repeated DescribeContainerLog snapshots into a stream of new lines. ECI's log call is not
 * streaming, so a follower polls; each poll overlaps the previous one and only the lines not yet sent
 * may go out. With timestamps (the follower always asks for them) a line is identified by its time and
 * its rank among lines of that same time; without them, by where the previous snapshot ends in the new one.
 */

export interface LogLine {
  /** The line as the backend returned it, without the newline. */
  raw: string;
  /** The line without its timestamp prefix (equal to raw when it has none). */
  body: string;
  /** Nanoseconds since the epoch, when the line starts with an RFC 3339 timestamp. */
  ts?: bigint;
}

const TIMESTAMPED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2}) (.*)$/s;

/** Nanoseconds since the epoch of an RFC 3339 time, or undefined when `text` is not one. */
export function parseRfc3339Nanos(text: string): bigint | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (match === null) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) return undefined;
  return BigInt(ms) * 1_000_000n + BigInt((match[2] ?? '').padEnd(9, '0'));
}

/** The RFC 3339 time (whole seconds, UTC) at or before `nanos`: a StartTime that includes it. */
export function secondsFloorRfc3339(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  return rfc3339(new Date(Number(seconds) * 1000));
}

export function parseLogLine(raw: string): LogLine {
  const match = TIMESTAMPED.exec(raw);
  if (match === null) return { raw, body: raw };
  const ts = parseRfc3339Nanos(`${match[1]}${match[2] === undefined ? '' : `.${match[2]}`}${match[3]}`);
  return ts === undefined ? { raw, body: raw } : { raw, body: match[4] ?? '', ts };
}

/** The lines of a log snapshot; a final newline does not make an extra empty line. */
export function parseLog(content: string): LogLine[] {
  if (content === '') return [];
  const raws = content.split('\n');
  if (raws[raws.length - 1] === '') raws.pop();
  return raws.map((raw) => parseLogLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw));
}

export interface FollowCursor {
  /** The time of the newest line sent, and how many lines of exactly that time were sent. */
  lastTs?: bigint;
  sentAtLastTs: number;
  /** The previous snapshot, for lines without timestamps. */
  previous: string[];
}

export const EMPTY_CURSOR: FollowCursor = { sentAtLastTs: 0, previous: [] };

function byTimestamp(cursor: FollowCursor, lines: LogLine[]): { fresh: LogLine[]; cursor: FollowCursor } {
  const fresh: LogLine[] = [];
  let lastTs = cursor.lastTs;
  let sentAtLastTs = cursor.sentAtLastTs;
  let seenAtOldLast = 0;
  for (const line of lines) {
    const ts = line.ts as bigint;
    if (cursor.lastTs !== undefined && ts < cursor.lastTs) continue;
    if (cursor.lastTs !== undefined && ts === cursor.lastTs) {
      seenAtOldLast += 1;
      if (seenAtOldLast <= cursor.sentAtLastTs) continue;
    }
    fresh.push(line);
    if (lastTs === undefined || ts > lastTs) {
      lastTs = ts;
      sentAtLastTs = 1;
    } else if (ts === lastTs) {
      sentAtLastTs += 1;
    }
  }
  return { fresh, cursor: { lastTs, sentAtLastTs, previous: lines.map((l) => l.raw) } };
}

/**
 * Where the previous snapshot ends inside the new one: the last position whose preceding lines repeat
 * the end of the previous snapshot. Repetitive logs may lose a repeated line; they never duplicate one.
 */
function byOverlap(cursor: FollowCursor, lines: LogLine[]): { fresh: LogLine[]; cursor: FollowCursor } {
  const prev = cursor.previous;
  const raws = lines.map((l) => l.raw);
  let start = 0;
  if (prev.length > 0) {
    for (let end = raws.length - 1; end >= 0; end--) {
      // A full copy of the previous snapshot, or (window slid) its end at the start of this one.
      const k = Math.min(prev.length, end + 1);
      let same = true;
      for (let i = 0; i < k && same; i++) same = raws[end - i] === prev[prev.length - 1 - i];
      if (same) {
        start = end + 1;
        break;
      }
    }
  }
  return { fresh: lines.slice(start), cursor: { ...cursor, previous: raws } };
}

/** The lines of `lines` not sent yet, and the cursor after sending them. */
export function freshLines(
  cursor: FollowCursor,
  lines: LogLine[],
): { fresh: LogLine[]; cursor: FollowCursor } {
  if (lines.length > 0 && lines.every((l) => l.ts !== undefined)) return byTimestamp(cursor, lines);
  return byOverlap(cursor, lines);
}

/** Marks every line as sent without sending any (`tailLines=0`: only what is written from now on). */
export function skipLines(cursor: FollowCursor, lines: LogLine[]): FollowCursor {
  return freshLines(cursor, lines).cursor;
}

/** A line as the client asked for it: with or without the timestamp prefix, always newline-terminated. */
export function renderLine(line: LogLine, timestamps: boolean): string {
  return `${timestamps ? line.raw : line.body}\n`;
}
