import { interpret, type ProcessContext } from '../../../providers/simulator/interpreter.js';

const AT = Date.parse('2026-12-06T20:47:31.250Z');
const files = new Map<string, string>();
const ctx: ProcessContext = {
  env: {},
  readFile: (path) => files.get(path),
  writeFile: (path, data, append) => {
    if (!path.startsWith('/work/')) return false;
    files.set(path, (append ? (files.get(path) ?? '') : '') + data);
    return true;
  },
  hostname: 'tick-1',
  image: 'busybox:1.36',
  startedAt: AT,
};
const sh = (script: string) => interpret(['sh', '-c', script], ctx);
const text = (run: ReturnType<typeof interpret>) => run.lines.map((l) => l.text);

describe('date, mkdir and touch in a container script', () => {
  it('a CronJob-style script prints the time it ran at and ends', () => {
    const run = sh('date; echo tick');
    expect(text(run)).toEqual(['Sun Dec  6 20:47:31 UTC 2026', 'tick']);
    expect(run.exit).toEqual({ code: 0, atMs: 0 });
    expect(run.uninterpreted).toBeUndefined();
  });

  it('takes +FORMAT, -I, -Iseconds, -R and -u; counts the sleeps before it', () => {
    expect(text(sh('date -u +%Y-%m-%dT%H:%M:%SZ; date +%s; sleep 60; date +%T'))).toEqual([
      '2026-12-06T20:47:31Z',
      String(Math.floor(AT / 1000)),
      '20:48:31',
    ]);
    expect(text(sh('date -I; date -Iseconds; date -R'))).toEqual([
      '2026-12-06',
      '2026-12-06T20:47:31+00:00',
      'Sun, 06 Dec 2026 20:47:31 +0000',
    ]);
    const bad = sh('date -x');
    expect(text(bad)).toEqual(["date: invalid option -- 'x'"]);
    expect(bad.exit?.code).toBe(1);
  });

  it('mkdir succeeds; touch and a redirect write where files are kept', () => {
    const run = sh(
      'mkdir -p /work/out && touch /work/out/ready && date +%F > /work/out/day && cat /work/out/day',
    );
    expect(text(run)).toEqual(['2026-12-06']);
    expect(files.get('/work/out/ready')).toBe('');
  });
});
