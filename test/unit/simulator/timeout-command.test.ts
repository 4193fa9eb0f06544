import { interpret, type ProcessContext } from '../../../providers/simulator/interpreter.js';

const ctx = (image: string): ProcessContext => ({ env: {}, readFile: () => undefined, hostname: 'h', image });
const sh = (script: string, image = 'debian:12') => interpret(['sh', '-c', script], ctx(image));
const text = (run: ReturnType<typeof interpret>) => run.lines.map((l) => `${l.atMs} ${l.text}`);

describe('timeout', () => {
  it('runs the command; one that ends in time keeps its status and time', () => {
    const run = sh('timeout 5 sleep 2; echo "status $?"');
    expect(text(run)).toEqual(['2000 status 0']);
    expect(sh('timeout 10s false; echo $?').lines[0]?.text).toBe('1');
  });

  it('stops a command that would run longer at the limit: 124 (GNU), 128 + the signal on BusyBox', () => {
    expect(text(sh('timeout 3 sleep 10; echo "status $?"'))).toEqual(['3000 status 124']);
    expect(text(sh('timeout 3 sleep 10; echo "status $?"', 'busybox:1.36'))).toEqual(['3000 status 143']);
    expect(text(sh('timeout 3 sleep 10; echo $?', 'library/alpine:3.20'))).toEqual(['3000 143']);
    expect(text(sh('timeout --preserve-status 1m sleep 2m; echo $?'))).toEqual(['60000 143']);
    expect(text(sh('timeout -s INT 1 sleep 2; echo $?', 'busybox'))).toEqual(['1000 130']);
    expect(text(sh('timeout --signal=SIGHUP 1 sleep 2; echo $?'))).toEqual(['1000 124']);
  });

  it('stops a command that never ends, so the script goes on (-s KILL: 128 + 9 with GNU too)', () => {
    const run = sh('timeout -s KILL 2 tail -f /var/log/app.log; echo "after $?"; exit 0');
    expect(text(run)).toEqual(['2000 after 137']);
    expect(run.exit).toEqual({ code: 0, atMs: 2000 });
    expect(sh('until timeout 1 sleep infinity; do echo retry; exit 7; done').exit).toEqual({
      code: 7,
      atMs: 1000,
    });
  });

  it('0 is no limit; an unknown command stays not interpreted; a bad interval is a usage error (125)', () => {
    expect(sh('timeout 0 sleep infinity').exit).toBeUndefined();
    expect(sh('timeout 5 my-migrate --all').uninterpreted).toBe(true);
    const bad = sh('timeout soon sleep 1; echo $?');
    expect(bad.lines.map((l) => l.text)).toEqual(["timeout: invalid time interval 'soon'", '125']);
  });

  it('bounds a child shell: the wait-with-a-deadline loop of charts (timeout 5 sh -c "until ...")', () => {
    const run = sh('timeout 5 sh -c "until false; do echo waiting; sleep 2; done" || echo "gave up: $?"');
    expect(text(run)).toEqual(['0 waiting', '2000 waiting', '4000 waiting', '5000 gave up: 124']);
  });
});
