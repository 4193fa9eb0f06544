import { interpret, type ProcessContext } from '../../../providers/simulator/interpreter.js';

const ctx: ProcessContext = {
  env: { NAME: 'world', EMPTY: '' },
  readFile: (path) => (path === '/etc/app/config.yaml' ? 'a: 1\nb: 2\n' : undefined),
  hostname: 'web-1',
  workingDir: '/srv',
  image: 'busybox:1.36',
};
const sh = (script: string) => interpret(['sh', '-c', script], ctx);
const text = (run: ReturnType<typeof interpret>) => run.lines.map((l) => l.text);

describe('container interpreter', () => {
  it('exits with the code of `exit N`, after the sleeps before it', () => {
    expect(sh('sleep 2; exit 3').exit).toEqual({ code: 3, atMs: 2000 });
    expect(sh('sleep 1.5 && sleep 1m; exit 0').exit).toEqual({ code: 0, atMs: 61_500 });
  });

  it('echoes with $VAR and ${VAR} expansion, not inside single quotes', () => {
    expect(text(sh('echo hello $NAME "${NAME}!" \'$NAME\''))).toEqual(['hello world world! $NAME']);
    expect(text(sh('X=1; export Y=2; echo $X$Y'))).toEqual(['12']);
  });

  it('follows && and || with the last status, and ends with the last status', () => {
    expect(sh('false && echo no; echo yes').exit?.code).toBe(0);
    expect(text(sh('false && echo no || echo fallback'))).toEqual(['fallback']);
    expect(sh('true; false').exit?.code).toBe(1);
    expect(sh('false; exit').exit?.code).toBe(1);
  });

  it('cats mounted files and fails on missing ones', () => {
    expect(text(sh('cat /etc/app/config.yaml'))).toEqual(['a: 1', 'b: 2']);
    const missing = sh('cat /nope');
    expect(text(missing)).toEqual(['cat: /nope: No such file or directory']);
    expect(missing.exit?.code).toBe(1);
  });

  it("runs `sh FILE` as a script when the file is known; an unknown one (the image's) runs as before", () => {
    const withScript = {
      ...ctx,
      readFile: (path: string) => (path === '/tmp/run.sh' ? 'echo hi $NAME\nexit 4\n' : undefined),
    };
    const run = interpret(['sh', '/tmp/run.sh'], withScript, 'exec');
    expect(text(run)).toEqual(['hi world']);
    expect(run.exit?.code).toBe(4);
    expect(interpret(['sh', '/docker-entrypoint.sh'], withScript).exit).toBeUndefined();
    expect(interpret(['sh', '/docker-entrypoint.sh'], withScript, 'exec').exit?.code).toBe(127);
  });

  it('answers uname: Linux, the machine (x86_64 unless the context says), unknown flags refused', () => {
    expect(text(sh('uname; uname -s; uname -m'))).toEqual(['Linux', 'Linux', 'x86_64']);
    const arm = interpret(['uname', '-m', '-s'], { ...ctx, machine: 'aarch64' });
    expect(text(arm)).toEqual(['Linux aarch64']);
    expect(text(sh('uname -n -o'))).toEqual(['web-1 GNU/Linux']);
    const bad = sh('uname -q');
    expect(text(bad)).toEqual(["uname: invalid option -- 'q'"]);
    expect(bad.exit?.code).toBe(1);
  });

  it('prints env, hostname and pwd', () => {
    expect(text(sh('hostname; pwd'))).toEqual(['web-1', '/srv']);
    expect(text(sh('env'))).toEqual(['NAME=world', 'EMPTY=']);
    expect(text(sh('printenv NAME'))).toEqual(['world']);
  });

  it('runs plain commands without a shell, expanding Kubernetes $(VAR) references', () => {
    expect(interpret(['echo', 'hi', '$(NAME)', '$$(NAME)'], ctx)).toMatchObject({
      lines: [{ atMs: 0, text: 'hi world $(NAME)' }],
      exit: { code: 0 },
    });
    expect(interpret(['/bin/sleep', '5'], ctx).exit).toEqual({ code: 0, atMs: 5000 });
    expect(interpret(['false'], ctx).exit?.code).toBe(1);
  });

  it('treats the entrypoint and unknown programs as long-running servers that log a start line', () => {
    const entry = interpret([], ctx);
    expect(entry.exit).toBeUndefined();
    expect(text(entry)[0]).toContain('busybox:1.36');
    const server = sh('echo booting; exec nginx -g "daemon off;"');
    expect(server.exit).toBeUndefined();
    expect(text(server)).toEqual(['booting', expect.stringContaining('nginx -g daemon off;')]);
    expect(sh('sleep infinity').exit).toBeUndefined();
    expect(sh('tail -f /dev/null').exit).toBeUndefined();
  });

  it('repeats an endless while-loop body once per body duration', () => {
    const run = sh('echo start; while true; do echo tick $NAME; sleep 5; done');
    expect(text(run)).toEqual(['start']);
    expect(run.exit).toBeUndefined();
    expect(run.repeat).toEqual({ startMs: 0, periodMs: 5000, lines: [{ atMs: 0, text: 'tick world' }] });
  });

  it('runs for loops, drops redirected output, ignores comments', () => {
    expect(text(sh('for i in 1 2 3; do echo n=$i; done'))).toEqual(['n=1', 'n=2', 'n=3']);
    expect(text(sh('echo hidden > /tmp/x; echo shown 2>&1 # comment'))).toEqual(['shown']);
    expect(text(sh('echo a;\necho b'))).toEqual(['a', 'b']);
  });

  it('in exec mode takes no time and reports unknown commands with status 127', () => {
    const run = interpret(['sh', '-c', 'sleep 100; echo ok; nc -l 80'], ctx, 'exec');
    expect(run.lines[0]).toEqual({ atMs: 0, text: 'ok' });
    expect(run.lines[1]).toMatchObject({
      text: expect.stringContaining('nc: not interpreted'),
      stderr: true,
    });
    expect(run.exit?.code).toBe(127);
  });

  it('keeps stdout and stderr apart (>&2 and error messages), and knows ls and test', () => {
    const files: ProcessContext = {
      ...ctx,
      stat: (p) => (p === '/' || p === '/etc' ? 'dir' : undefined),
      listDir: (p) => (p === '/' ? ['etc'] : []),
    };
    const script =
      'echo out; echo err >&2; cat /nope; ls / /x; test -d /etc && echo dir; [ -f /etc ] || echo no';
    const run = interpret(['sh', '-c', script], files, 'exec');
    expect(run.lines.filter((l) => !l.stderr).map((l) => l.text)).toEqual(['out', '/:', 'etc', 'dir', 'no']);
    expect(run.lines.filter((l) => l.stderr).map((l) => l.text)).toEqual([
      'err',
      'cat: /nope: No such file or directory',
      'ls: /x: No such file or directory',
    ]);
  });

  it('evaluates $((expr)) arithmetic on the shell’s variables, spaces and all', () => {
    expect(text(sh('i=4; echo $((i+1)) $(( i * 3 - 2 )) $(( ($i + 2) / 4 )) $((10 % 4)) $((-i))'))).toEqual([
      '5 10 1 2 -4',
    ]);
    expect(text(sh('echo "$((1 < 2)) $((2 <= 1)) $((1 == 1 && 0 || 1)) $((!0))"'))).toEqual(['1 0 1 1']);
    expect(text(sh('echo $((UNSET + 1)) $((NAME + 1))'))).toEqual(['1 1']);
    const bad = sh('echo $((1 / 0)); echo after');
    expect(bad.lines.map((l) => [l.text, l.stderr ?? false])).toEqual([
      ['sh: arithmetic expression: division by 0: "1 / 0"', true],
      ['0', false],
      ['after', false],
    ]);
  });

  it('compares integers with test -eq -ne -lt -le -gt -ge', () => {
    const script =
      'for n in 1 2 3; do [ $n -lt 2 ] && echo lt$n; [ $n -ge 2 ] && echo ge$n; [ $n -eq 3 ] && echo eq$n; done';
    expect(text(sh(script))).toEqual(['lt1', 'ge2', 'ge3', 'eq3']);
    expect(sh('test 2 -ne 2').exit?.code).toBe(1);
  });

  it('runs while and until loops on their condition, each pass taking its time', () => {
    const run = sh('i=0; while [ $i -lt 3 ]; do i=$((i+1)); echo pass $i; sleep 2; done; echo done $i');
    expect(run.lines.map((l) => [l.atMs, l.text])).toEqual([
      [0, 'pass 1'],
      [2000, 'pass 2'],
      [4000, 'pass 3'],
      [6000, 'done 3'],
    ]);
    expect(run.exit).toEqual({ code: 0, atMs: 6000 });
    expect(text(sh('n=3; until [ $n -eq 0 ]; do echo $n; n=$((n-1)); done'))).toEqual(['3', '2', '1']);
    expect(text(sh('until true; do echo never; done; echo end'))).toEqual(['end']);
  });

  it('writes out an endless loop’s counter pass by pass, and ends it where the script does', () => {
    const run = sh('i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done');
    expect(text(run).slice(0, 3)).toEqual(['tick 1', 'tick 2', 'tick 3']);
    expect(run.lines.slice(0, 3).map((l) => l.atMs)).toEqual([0, 1000, 2000]);
    expect(run.exit).toBeUndefined();
    const ends = sh('i=0; while true; do i=$((i+1)); echo $i; [ $i -ge 3 ] && exit 4; sleep 1; done');
    expect(text(ends)).toEqual(['1', '2', '3']);
    expect(ends.exit).toEqual({ code: 4, atMs: 2000 });
  });
});
