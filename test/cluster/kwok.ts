import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkGoVersion } from './goversion.js';
import { withLockFile } from './lock.js';
import { cacheRoot } from './paths.js';
import { run } from './run.js';

/** KWOK, the reference simulator the benchmark compares against; v0.8.0 is the first to need Go 1.26. */
export const KWOK_MODULE = 'sigs.k8s.io/kwok';
export const KWOK_VERSION = 'v0.8.0';
const KWOK_MIN_GO = '1.26';

/**
 * KWOK's own "fast" stages as its kwokctl clusters load them by default: pods go Running at once
 * and are removed once they carry a deletionTimestamp; the node goes Ready and renews its Lease.
 */
export const KWOK_STAGE_FILES = [
  'kustomize/stage/node/fast/node-initialize.yaml',
  'kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml',
  'kustomize/stage/pod/fast/pod-ready.yaml',
  'kustomize/stage/pod/fast/pod-complete.yaml',
  'kustomize/stage/pod/fast/pod-delete.yaml',
] as const;

export interface KwokInstall {
  version: string;
  binary: string;
  /** A `--config` file holding KWOK_STAGE_FILES. */
  stagesFile: string;
}

export interface EnsureKwokOptions {
  onProgress?: (line: string) => void;
}

export function kwokCacheDir(env: NodeJS.ProcessEnv = process.env, home?: string): string {
  return path.join(cacheRoot(env, home), `kwok-${KWOK_VERSION}`);
}

/** One multi-document YAML from the stage files, each ending in exactly one newline. */
export function stagesDocument(files: readonly string[]): string {
  if (files.length === 0) throw new Error('stagesDocument: no stage files: pass at least one Stage YAML');
  return files.map((text) => `${text.replace(/\s+$/, '')}\n`).join('---\n');
}

function goEnv(gobin?: string): NodeJS.ProcessEnv {
  // CGO off as for the Kubernetes binaries: a static binary, and the same Go build cache keys.
  return { ...process.env, CGO_ENABLED: '0', ...(gobin ? { GOBIN: gobin } : {}) };
}

async function installed(install: KwokInstall): Promise<boolean> {
  try {
    await access(install.binary, constants.X_OK);
    await access(install.stagesFile, constants.R_OK);
    const { stdout } = await run(install.binary, ['--version']);
    return stdout.includes(KWOK_VERSION.replace(/^v/, ''));
  } catch {
    return false;
  }
}

async function checkGo(): Promise<void> {
  let out: string;
  try {
    out = (await run('go', ['version'])).stdout;
  } catch (err) {
    throw new Error(
      `building KWOK ${KWOK_VERSION} for the benchmark needs Go ${KWOK_MIN_GO} or newer on PATH: ` +
        `install it (https://go.dev/dl) or run the benchmark with --skip-kwok`,
      { cause: err },
    );
  }
  checkGoVersion(out, KWOK_MIN_GO);
}

async function build(root: string, install: KwokInstall, progress: (line: string) => void): Promise<void> {
  const logFile = path.join(root, 'build.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  const tmp = await mkdtemp(path.join(root, 'tmp-'));
  const started = Date.now();
  try {
    const pkg = `${KWOK_MODULE}/cmd/kwok@${KWOK_VERSION}`;
    progress(`building KWOK (go install ${pkg}) into ${root}: first run only; log: ${logFile}`);
    // `go install pkg@version` builds outside any module, with KWOK's own go.mod and go.sum.
    await run('go', ['install', '-ldflags', '-s -w', pkg], {
      cwd: tmp,
      env: goEnv(tmp),
      log,
      onHeartbeat: (s) => progress(`  still building kwok: ${s} s`),
    });
    const dl = await run('go', ['mod', 'download', '-json', `${KWOK_MODULE}@${KWOK_VERSION}`], {
      cwd: tmp,
      env: goEnv(),
      log,
    });
    const dir = (JSON.parse(dl.stdout) as { Dir?: string }).Dir;
    if (!dir) throw new Error(`go mod download gave no source folder for ${KWOK_MODULE}: ${dl.stdout}`);
    const stages = await Promise.all(KWOK_STAGE_FILES.map((f) => readFile(path.join(dir, f), 'utf8')));
    await writeFile(install.stagesFile, stagesDocument(stages));
    await mkdir(path.dirname(install.binary), { recursive: true });
    // Renamed into place only once built: an interrupted build never leaves half a binary.
    await rename(path.join(tmp, 'kwok'), install.binary);
    progress(`built kwok ${KWOK_VERSION} in ${Math.round((Date.now() - started) / 1000)} s`);
  } catch (err) {
    throw new Error(
      `building KWOK failed (full log: ${logFile}): ${err instanceof Error ? err.message : String(err)}`,
      {
        cause: err,
      },
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await new Promise((r) => log.end(r));
  }
}

/** The kwok binary and its stage config for KWOK_VERSION, built into the per-user cache on first use. */
export async function ensureKwok(opts: EnsureKwokOptions = {}): Promise<KwokInstall> {
  const progress = opts.onProgress ?? (() => undefined);
  const root = kwokCacheDir();
  const install: KwokInstall = {
    version: KWOK_VERSION,
    binary: path.join(root, 'bin', 'kwok'),
    stagesFile: path.join(root, 'stages.yaml'),
  };
  if (await installed(install)) return install;
  await checkGo();
  await mkdir(root, { recursive: true });
  return withLockFile(
    path.join(root, 'build.lock'),
    async () => {
      if (!(await installed(install))) await build(root, install, progress);
      if (!(await installed(install))) {
        throw new Error(`${install.binary} was built but "kwok --version" does not say ${KWOK_VERSION}`);
      }
      return install;
    },
    (pid) => progress(`waiting for another build of KWOK (pid ${pid}) to finish`),
  );
}
