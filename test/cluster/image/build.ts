import { createWriteStream } from 'node:fs';
import { access, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { cacheRoot } from '../paths.js';
import { run } from '../run.js';
import { ensureDebianPackages } from './apt.js';
import { ensureBaseImage, type BaseImage } from './base.js';

/**
 * Daemonless image tools from Debian: buildah builds, podman runs (with runc: crun refuses this VM's
 * rlimits and cgroup layout), mmdebstrap makes the base, uidmap gives them user namespaces.
 */
export const IMAGE_TOOLS = ['buildah', 'podman', 'runc', 'mmdebstrap', 'uidmap', 'ca-certificates'] as const;
/** This machine's trust store, lent to the build's RUN steps (npm), never copied into the image. */
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export interface BuiltImage {
  /** e.g. localhost/ack-virtual-node:0.1.0, the chart's image.repository:appVersion. */
  name: string;
  base: BaseImage;
  sizeBytes: number;
  buildSeconds: number;
}

export interface EnsureImageOptions {
  /** The repository root (Dockerfile, package.json). */
  root: string;
  onProgress?: (line: string) => void;
}

export async function imageSize(name: string): Promise<number> {
  const { stdout } = await run('podman', ['image', 'inspect', '--format', '{{.Size}}', name]);
  return Number(stdout.trim());
}

/**
 * Builds the repository's Dockerfile, unchanged, with buildah: the base is made locally and given as
 * the Dockerfile's own NODE_IMAGE build argument. Layers are cached in buildah's storage, so a build
 * with nothing changed takes seconds.
 */
export async function ensureImage(opts: EnsureImageOptions): Promise<BuiltImage> {
  const progress = opts.onProgress ?? (() => undefined);
  const started = Date.now();
  const logDir = path.join(cacheRoot(), 'image-base');
  await mkdir(logDir, { recursive: true });
  const logFile = path.join(logDir, 'build.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  try {
    await ensureDebianPackages(IMAGE_TOOLS, progress, log);
    const base = await ensureBaseImage(opts.root, progress);
    const pkg = JSON.parse(await readFile(path.join(opts.root, 'package.json'), 'utf8')) as {
      version: string;
    };
    const name = `localhost/ack-virtual-node:${pkg.version}`;
    const ca = await access(HOST_CA_BUNDLE).then(
      () => ['--volume', `${HOST_CA_BUNDLE}:${HOST_CA_BUNDLE}:ro`],
      () => [],
    );
    progress(`building ${name} from the Dockerfile with buildah (NODE_IMAGE=${base.name}); log: ${logFile}`);
    // chroot isolation and the host's network: no daemon, no bridge, nothing this VM lacks.
    await run(
      'buildah',
      [
        'bud',
        '--isolation',
        'chroot',
        '--network',
        'host',
        '--layers',
        '--build-arg',
        `NODE_IMAGE=${base.name}`,
        ...ca,
        '--tag',
        name,
        '--file',
        path.join(opts.root, 'Dockerfile'),
        opts.root,
      ],
      { log, onHeartbeat: (s) => progress(`  still building the image: ${s} s`) },
    );
    const built: BuiltImage = {
      name,
      base,
      sizeBytes: await imageSize(name),
      buildSeconds: Math.round((Date.now() - started) / 1000),
    };
    progress(`built ${name}: ${Math.round(built.sizeBytes / 1e6)} MB in ${built.buildSeconds} s`);
    return built;
  } catch (err) {
    throw new Error(
      `building the image failed (full log: ${logFile}): ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  } finally {
    await new Promise((r) => log.end(r));
  }
}
