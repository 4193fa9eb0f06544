import { readFile } from 'node:fs/promises';
import { nodeVersionProblem } from '../../src/node-version.js';

describe('nodeVersionProblem', () => {
  it('refuses Node.js older than 22 naming the version and what to do', () => {
    expect(nodeVersionProblem('v20.20.2')).toBe(
      'ack-virtual-node needs Node.js 22 or newer (this is v20.20.2); run it through npm (npm start / npm exec) or install Node 22+',
    );
    expect(nodeVersionProblem('v21.7.3')).toContain('(this is v21.7.3)');
    expect(nodeVersionProblem('v18.0.0')).toContain('(this is v18.0.0)');
  });

  it.each(['v22.0.0', 'v22.12.0', 'v24.21.0', 'v100.0.0'])('accepts %s', (version) => {
    expect(nodeVersionProblem(version)).toBeUndefined();
  });

  it('does not refuse a version it cannot read (another runtime may well work)', () => {
    expect(nodeVersionProblem('unknown')).toBeUndefined();
  });
});

describe('the CLI entries', () => {
  // A static import is evaluated before the entry's own code, so anything but the check would load
  // (and may crash, e.g. undici under Node 20) before the version is known.
  it.each(['src/cli.ts', 'test/cluster/cli.ts'])(
    '%s statically imports only the version check',
    async (file) => {
      const source = await readFile(file, 'utf8');
      const staticImports = [...source.matchAll(/^import\s[^;]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
      expect(staticImports).toHaveLength(1);
      expect(staticImports[0]).toMatch(/\/node-version\.js$/);
    },
  );
});
