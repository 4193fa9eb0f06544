import { runFilter } from '../../../providers/simulator/filters.js';
import { interpret, type ProcessContext } from '../../../providers/simulator/interpreter.js';

const ctx: ProcessContext = {
  env: { APP_MODE: 'fast', APP_PORT: '8080', HOME: '/root' },
  readFile: (path) => (path === '/etc/app/list' ? 'pear\napple\npear\nfig\n' : undefined),
  hostname: 'web-1',
  image: 'busybox:1.36',
};
const exec = (script: string) => interpret(['sh', '-c', script], ctx, 'exec');
const out = (run: ReturnType<typeof interpret>) => run.lines.filter((l) => !l.stderr).map((l) => l.text);

describe('pipes into filters', () => {
  it('greps the environment, as `kubectl exec pod -- sh -c "env | grep APP_"` shows it', () => {
    expect(out(exec('env | grep APP_'))).toEqual(['APP_MODE=fast', 'APP_PORT=8080']);
    expect(out(exec('env | grep -c APP_'))).toEqual(['2']);
    expect(out(exec('env | grep -v APP_'))).toEqual(['HOME=/root']);
  });

  it('ends with the status of the last filter: grep finds nothing, grep -q tells without printing', () => {
    expect(exec('env | grep NOPE').exit?.code).toBe(1);
    const quiet = exec('env | grep -q APP_MODE && echo found');
    expect(out(quiet)).toEqual(['found']);
    expect(quiet.exit?.code).toBe(0);
  });

  it('chains sort, uniq, head, tail and wc over a file', () => {
    expect(out(exec('cat /etc/app/list | sort | uniq -c'))).toEqual([
      '      1 apple',
      '      1 fig',
      '      2 pear',
    ]);
    expect(out(exec('cat /etc/app/list | sort -u | head -n 2'))).toEqual(['apple', 'fig']);
    expect(out(exec('cat /etc/app/list | tail -1'))).toEqual(['fig']);
    expect(out(exec('cat /etc/app/list | wc -l'))).toEqual(['4']);
    expect(out(exec('printf "a b\\nc\\n" | wc -w'))).toEqual(['3']);
  });

  it('runs a pipe in a container too: a Job that greps its environment completes', () => {
    const job = interpret(['sh', '-c', 'env | grep -q APP_MODE=fast && echo ok'], ctx);
    expect(job.lines.map((l) => l.text)).toEqual(['ok']);
    expect(job.exit?.code).toBe(0);
  });

  it('names a filter it does not know, not the command before it', () => {
    const run = exec('env | awk "{print $1}"');
    expect(run.lines).toEqual([
      expect.objectContaining({ text: expect.stringMatching(/^sh: awk: not interpreted/) }),
    ]);
    expect(run.exit?.code).toBe(127);
    expect(out(exec('echo a | grep a file.txt'))).toEqual([]);
  });

  it('leaves the first command’s errors out of the pipe', () => {
    const run = exec('cat /nope | wc -l');
    expect(run.lines).toEqual([
      expect.objectContaining({ text: 'cat: /nope: No such file or directory', stderr: true }),
      expect.objectContaining({ text: '0' }),
    ]);
  });
});

describe('runFilter', () => {
  it('takes grep’s fixed strings, whole words, whole lines and case folding', () => {
    const input = ['a.b', 'axb', 'A.B c', 'a.bc'];
    expect(runFilter(['grep', '-F', 'a.b'], input)?.lines).toEqual(['a.b', 'a.bc']);
    expect(runFilter(['grep', 'a.b'], input)?.lines).toEqual(['a.b', 'axb', 'a.bc']);
    expect(runFilter(['grep', '-ix', 'a.b c'], input)?.lines).toEqual(['A.B c']);
    expect(runFilter(['grep', '-wF', 'a.b'], input)?.lines).toEqual(['a.b']);
  });

  it('sorts numerically and in reverse', () => {
    expect(runFilter(['sort', '-n'], ['10', '9', '100'])?.lines).toEqual(['9', '10', '100']);
    expect(runFilter(['sort', '-rn'], ['10', '9', '100'])?.lines).toEqual(['100', '10', '9']);
  });

  it('is undefined for what is not a pipe filter the simulator knows', () => {
    expect(runFilter(['head', '-c', '5'], ['x'])).toBeUndefined();
    expect(runFilter(['tail', '-f'], ['x'])).toBeUndefined();
    expect(runFilter(['cat', '/etc/passwd'], ['x'])).toBeUndefined();
    expect(runFilter(['sed', 's/a/b/'], ['x'])).toBeUndefined();
  });
});
