import { baseImageName, debianCodename, lockedNodeVersion, NPM_VERSION } from '../../cluster/image/base.js';

describe('the image base', () => {
  it('takes Node from the lockfile the development tools use', () => {
    const lock = JSON.stringify({ packages: { 'node_modules/node': { version: '24.21.0' } } });
    expect(lockedNodeVersion(lock)).toBe('24.21.0');
    expect(() => lockedNodeVersion('{"packages":{}}')).toThrow(/node_modules\/node.*devDependency/);
  });

  it("takes Debian's codename from os-release, and says when there is none", () => {
    expect(debianCodename('NAME="Debian GNU/Linux"\nVERSION_CODENAME=bookworm\n')).toBe('bookworm');
    expect(() => debianCodename('NAME=Alpine\n')).toThrow(/VERSION_CODENAME.*Debian/);
  });

  it('names the base after every version it is built from, so a new one is never a stale cache hit', () => {
    const name = baseImageName('bookworm', '24.21.0', NPM_VERSION);
    expect(name).toMatch(/^localhost\/ack-virtual-node-base:bookworm-node24\.21\.0-npm[\d.]+-r\d+$/);
    expect(baseImageName('trixie', '24.21.0', NPM_VERSION)).not.toBe(name);
  });
});
