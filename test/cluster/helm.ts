import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { checkGoVersion } from './goversion.js';
import { goDirective, requiredVersion } from './gomod.js';
import { withLockFile } from './lock.js';
import { cacheRoot } from './paths.js';
import { run } from './run.js';

/**
 * The Helm release the chart is linted and rendered with: the newest approved v3 release (v3.22.0 is
 * served by the module proxy but is not an approved release). Its go.mod needs Go 1.26.
 */
export const HELM_VERSION = 'v3.21.4';
export const HELM_MODULE = 'helm.sh/helm/v3';

export interface EnsureHelmOptions {
  onProgress?: (line: string) => void;
}

/** The folder of the cached helm binary, beside the Kubernetes binaries in the per-user cache. */
export function helmCacheDir(env: NodeJS.ProcessEnv = process.env, home?: string): string {
  return path.join(cacheRoot(env, home), `helm-${HELM_VERSION}`);
}

/**
 * The flags of Helm's own Makefile: the version, and the Kubernetes version `helm template` and
 * `helm lint` assume without a cluster (else Helm's fallback is 1.20, which fails `kubeVersion` checks).
 */
export function helmLdflags(helmVersion: string, clientGoVersion: string | undefined): string {
  const flags = ['-s -w', `-X ${HELM_MODULE}/internal/version.version=${helmVersion}`];
  const m = clientGoVersion ? /^v0\.(\d+)\./.exec(clientGoVersion) : null;
  if (m) {
    for (const pkg of ['pkg/lint/rules', 'pkg/chartutil']) {
      flags.push(
        `-X ${HELM_MODULE}/${pkg}.k8sVersionMajor=1`,
        `-X ${HELM_MODULE}/${pkg}.k8sVersionMinor=${m[1]}`,
      );
    }
  }
  return flags.join(' ');
}

/** Whether `file` runs and says it is HELM_VERSION (a half-written or foreign binary fails). */
async function helmWorks(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    const { stdout } = await run(file, ['version', '--short']);
    return stdout.trim().startsWith(HELM_VERSION);
  } catch {
    return false;
  }
}

async function goVersionOutput(): Promise<string> {
  try {
    return (await run('go', ['version'])).stdout;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `Go is not installed (no "go" on PATH): building helm ${HELM_VERSION} needs Go. ` +
          'Install it (https://go.dev/dl) and run again; this happens once, later runs reuse the cached binary',
        { cause: err },
      );
    }
    throw err;
  }
}

async function buildHelm(root: string, dest: string, progress: (line: string) => void): Promise<void> {
  const logFile = path.join(root, 'build.log');
  const log = createWriteStream(logFile, { flags: 'a' });
  // Build into a temporary folder and rename: an interrupted build never leaves a half binary behind.
  const tmp = await mkdtemp(path.join(root, 'tmp-'));
  const env = { ...process.env, CGO_ENABLED: '0', GOBIN: tmp, GOFLAGS: '' };
  try {
    progress(`building helm ${HELM_VERSION} into ${dest}: first run only; log: ${logFile}`);
    // `go install pkg@version` builds outside any module, so no wrapper module is needed (Helm has no replaces).
    const dl = await run('go', ['mod', 'download', '-json', `${HELM_MODULE}@${HELM_VERSION}`], {
      cwd: tmp,
      env,
      log,
    });
    const info = JSON.parse(dl.stdout) as { GoMod?: string; Error?: string };
    if (!info.GoMod)
      throw new Error(`go mod download gave no go.mod for ${HELM_MODULE}: ${info.Error ?? dl.stdout}`);
    const goMod = await readFile(info.GoMod, 'utf8');
    const needGo = goDirective(goMod);
    if (needGo) checkGoVersion(await goVersionOutput(), needGo);
    const ldflags = helmLdflags(HELM_VERSION, requiredVersion(goMod, 'k8s.io/client-go'));
    await run('go', ['install', '-ldflags', ldflags, `${HELM_MODULE}/cmd/helm@${HELM_VERSION}`], {
      cwd: tmp,
      env,
      log,
      onHeartbeat: (s) => progress(`  still building helm: ${s} s`),
    });
    const built = path.join(tmp, 'helm');
    if (!(await helmWorks(built)))
      throw new Error(`helm was built but "helm version" does not say ${HELM_VERSION}`);
    await rename(built, dest);
  } catch (err) {
    throw new Error(
      `building helm ${HELM_VERSION} failed (full log: ${logFile}): ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await new Promise((r) => log.end(r));
  }
}

/** The path of a helm HELM_VERSION binary, built with `go install` into the per-user cache on first use. */
export async function ensureHelm(opts: EnsureHelmOptions = {}): Promise<string> {
  const progress = opts.onProgress ?? (() => undefined);
  const root = helmCacheDir();
  const binDir = path.join(root, 'bin');
  const helm = path.join(binDir, 'helm');
  if (await helmWorks(helm)) return helm;
  await goVersionOutput();
  await mkdir(binDir, { recursive: true });
  return withLockFile(
    path.join(root, 'build.lock'),
    async () => {
      if (!(await helmWorks(helm))) await buildHelm(root, helm, progress);
      return helm;
    },
    (pid) => progress(`waiting for another build of helm (pid ${pid}) to finish`),
  );
}
