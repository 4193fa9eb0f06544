import { interpret, type ProcessContext } from '../../../providers/simulator/interpreter.js';

const ctx: ProcessContext = {
  env: { HOME: '/root', EMPTY: '' },
  readFile: (path) => (path === '/etc/app/mode' ? 'fast\n' : undefined),
  hostname: 'job-1',
  image: 'busybox:1.36',
};
const sh = (script: string) => interpret(['sh', '-c', script], ctx);
const text = (run: ReturnType<typeof interpret>) => run.lines.map((l) => l.text);

describe('the shell scripts Jobs and init containers run', () => {
  it('if / elif / else / fi on a command or test', () => {
    expect(text(sh('if [ -f /etc/app/mode ]; then echo found; else echo missing; fi'))).toEqual(['found']);
    expect(text(sh('if false; then echo a; elif [ "$HOME" = /root ]; then echo b; else echo c; fi'))).toEqual(
      ['b'],
    );
    expect(text(sh('if false; then echo a; fi; echo after'))).toEqual(['after']);
    // `!` negates a whole test, whatever its length.
    expect(text(sh('[ ! -f /nope ] && echo absent; [ ! -f /etc/app/mode ] || echo present'))).toEqual([
      'absent',
      'present',
    ]);
    expect(text(sh('[ ! "$HOME" = /root ] || echo root'))).toEqual(['root']);
  });

  it('$(...) substitutes a command’s output, split into words when unquoted', () => {
    expect(text(sh('MODE=$(cat /etc/app/mode); echo "mode=$MODE on $(hostname)"'))).toEqual([
      'mode=fast on job-1',
    ]);
    expect(text(sh('for i in $(seq 2 4); do echo n$i; done'))).toEqual(['n2', 'n3', 'n4']);
    expect(text(sh('echo "$(seq 2)"'))).toEqual(['1', '2']);
    expect(text(sh('X="a  b"; for w in $X; do echo [$w]; done'))).toEqual(['[a]', '[b]']);
  });

  it('${VAR:-default}, ${VAR:=...}, ${VAR:+...} and ${#VAR}', () => {
    expect(text(sh('echo ${MISSING:-none} ${EMPTY:-unset} ${EMPTY-set} ${HOME:+has-home} ${#HOME}'))).toEqual(
      ['none unset has-home 5'],
    );
    expect(text(sh('echo ${N:=3}; echo $N'))).toEqual(['3', '3']);
    expect(text(sh('echo ${PORT:-${HOME}}'))).toEqual(['/root']);
  });

  it('set -e ends the script at a failing command, not in a condition or before ||', () => {
    const run = sh('set -e; echo a; false || echo handled; if false; then :; fi; cat /nope; echo never');
    expect(text(run)).toEqual(['a', 'handled', 'cat: /nope: No such file or directory']);
    expect(run.exit?.code).toBe(1);
  });

  it('rm, mv, chmod succeed; a $(...) running what the simulator does not know leaves the script running', () => {
    expect(sh('rm -rf /tmp/cache && chmod +x /run.sh && echo ok').exit?.code).toBe(0);
    const unknown = sh('VERSION=$(python3 --version); echo $VERSION');
    expect(unknown.uninterpreted).toBe(true);
    expect(unknown.exit).toBeUndefined();
  });
});

describe('nproc, id and whoami', () => {
  it("answer from the container's vCPUs and RunAsUser", () => {
    const run = (script: string, more: Partial<ProcessContext>) =>
      text(interpret(['sh', '-c', script], { ...ctx, ...more }));
    expect(run('echo jobs=$(nproc)', { cpus: 4 })).toEqual(['jobs=4']);
    expect(run('id -u; whoami', {})).toEqual(['0', 'root']);
    expect(run('id -u; whoami || echo nobody', { uid: 1000 })).toEqual([
      '1000',
      'whoami: unknown uid 1000',
      'nobody',
    ]);
    // RunAsGroup is the group; a numeric user without it is in group 0, as containerd runs it.
    expect(run('id; id -g', { uid: 1000, gid: 3000 })).toEqual(['uid=1000 gid=3000 groups=3000', '3000']);
    expect(run('id -g', { uid: 1000 })).toEqual(['0']);
  });

  it("a script's own sh -c runs as a child shell: the same clock and log, its exit its status", () => {
    const run = sh('sleep 1; sh -c "echo child at \\$HOME; sleep 2; exit 4"; echo "parent: $?"');
    expect(run.lines.map((l) => `${l.atMs} ${l.text}`)).toEqual(['1000 child at /root', '3000 parent: 4']);
    expect(run.exit).toEqual({ code: 0, atMs: 3000 });
    // Its variables and set -e are its own.
    expect(text(sh('X=1; bash -ec "X=2; false; echo not reached"; echo "X=$X status=$?"'))).toEqual([
      'X=1 status=1',
    ]);
    const strict = interpret(['bash', '-e', '-c', 'false; echo not reached'], ctx);
    expect([text(strict), strict.exit?.code]).toEqual([[], 1]);
    // One that never ends keeps the caller running; an unknown file is the image's, not interpreted.
    expect(sh('sh -c "sleep infinity"; echo never').exit).toBeUndefined();
    expect(sh('sh /docker-entrypoint.sh').uninterpreted).toBe(true);
  });
});
