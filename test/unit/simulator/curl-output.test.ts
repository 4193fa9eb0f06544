import { reachOutcome } from '../../../providers/simulator/reach-commands.js';

const REFUSED = "Failed to connect to db port 80 after 0 ms: Couldn't connect to server";
const FOUND = {
  server: '10.0.0.10',
  found: { name: 'db.default.svc.cluster.local', addresses: ['10.0.0.30'] },
};

/** What `curl ARGS` writes when db does not resolve (6) or refuses the connection (7). */
function curlFailure(args: string[], code: 6 | 7, error: string): string[] {
  const outcome =
    code === 6
      ? reachOutcome('curl', args, 'db', { server: FOUND.server })
      : reachOutcome('curl', args, 'db', FOUND, 'refused');
  expect(outcome?.status).toBe(code);
  expect(error).toMatch(code === 6 ? /^Could not resolve host: db$/ : /^Failed to connect to db port 80 /);
  return outcome?.lines.map((l) => l.text) ?? [];
}

describe("curl's stderr when it cannot reach the host (curl 7.88, no terminal)", () => {
  it('-s says nothing; -sS and --no-progress-meter the error alone', () => {
    expect(curlFailure(['-s', 'http://db/'], 7, REFUSED)).toEqual([]);
    expect(curlFailure(['--silent', 'http://db/'], 6, 'Could not resolve host: db')).toEqual([]);
    expect(curlFailure(['-sS', 'http://db/'], 7, REFUSED)).toEqual([`curl: (7) ${REFUSED}`]);
    expect(curlFailure(['--no-progress-meter', 'http://db/'], 7, REFUSED)).toEqual([`curl: (7) ${REFUSED}`]);
  });

  it('otherwise the progress meter first: one row before a failed lookup, two before a failed connect', () => {
    const lookup = curlFailure(['-f', 'http://db/'], 6, 'Could not resolve host: db');
    const connect = curlFailure(['http://db/'], 7, REFUSED);
    expect(lookup).toHaveLength(3);
    expect(lookup[2]).toMatch(/^\r {2}0 .* 0curl: \(6\) Could not resolve host: db$/);
    expect(connect).toHaveLength(4);
    expect(connect[2]?.split('\r')).toHaveLength(3);
    expect(connect[3]).toBe(`curl: (7) ${REFUSED}`);
  });
});
