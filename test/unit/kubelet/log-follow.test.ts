import {
  EMPTY_CURSOR,
  freshLines,
  parseLog,
  parseRfc3339Nanos,
  renderLine,
  secondsFloorRfc3339,
  type FollowCursor,
  type LogLine,
} from '../../../src/kubelet/log-follow.js';

const ts = (n: number) => `2024-05-01T10:00:0${Math.floor(n / 10)}.${String(n % 10).padStart(9, '0')}Z`;
const stamped = (entries: [number, string][]) =>
  entries.map(([n, text]) => `${ts(n)} ${text}`).join('\n') + '\n';

function run(snapshots: string[]): string[] {
  let cursor: FollowCursor = EMPTY_CURSOR;
  const out: string[] = [];
  for (const s of snapshots) {
    const step = freshLines(cursor, parseLog(s));
    cursor = step.cursor;
    out.push(...step.fresh.map((l: LogLine) => l.body));
  }
  return out;
}

describe('log line parsing', () => {
  it('splits a timestamp prefix off and keeps lines without one as they are', () => {
    const [a, b] = parseLog('2024-05-01T10:00:00.5+08:00 hello world\nplain line\n');
    expect(a?.body).toBe('hello world');
    expect(a?.ts).toBe(parseRfc3339Nanos('2024-05-01T02:00:00.500000000Z'));
    expect(b).toEqual({ raw: 'plain line', body: 'plain line' });
    expect(renderLine(a as LogLine, true)).toBe('2024-05-01T10:00:00.5+08:00 hello world\n');
    expect(renderLine(a as LogLine, false)).toBe('hello world\n');
  });

  it('a final newline adds no empty line; an empty log has no lines; blank lines inside stay', () => {
    expect(parseLog('')).toEqual([]);
    expect(parseLog('a\n\nb\n').map((l) => l.raw)).toEqual(['a', '', 'b']);
  });

  it('secondsFloorRfc3339 gives a StartTime that includes the instant', () => {
    expect(secondsFloorRfc3339(parseRfc3339Nanos('2024-05-01T10:00:07.999999999Z') as bigint)).toBe(
      '2024-05-01T10:00:07Z',
    );
  });
});

describe('freshLines', () => {
  it('timestamped snapshots: only unseen lines, even when several share one timestamp', () => {
    const out = run([
      stamped([
        [1, 'a'],
        [2, 'b'],
        [2, 'c'],
      ]),
      // The next poll starts at the newest second sent, so it repeats lines.
      stamped([
        [1, 'a'],
        [2, 'b'],
        [2, 'c'],
        [2, 'd'],
        [3, 'e'],
      ]),
      stamped([[3, 'e']]),
      stamped([
        [3, 'e'],
        [4, 'f'],
      ]),
    ]);
    expect(out).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('snapshots without timestamps: the window slides, repeated lines are not sent twice', () => {
    expect(run(['a\nb\nc\n', 'b\nc\nd\ne\n', 'b\nc\nd\ne\n', 'c\nd\ne\nf\n'])).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
      'f',
    ]);
  });

  it('an empty first snapshot makes everything after it new', () => {
    expect(run(['', 'x\ny\n'])).toEqual(['x', 'y']);
  });
});
