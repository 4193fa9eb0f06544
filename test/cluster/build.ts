import { createWriteStream, type WriteStream } from 'node:fs';
import {
  access,
  constants,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import path from 'node:path';
import { checkGoVersion } from './goversion.js';
import { goDirective, requiredVersion, wrapperGoMod } from './gomod.js';
import { withLockFile } from './lock.js';
import { binaryPaths, kubernetesCacheDir, type BinaryPaths } from './paths.js';
import { run } from './run.js';
import {
  ETCD_MODULE,
  ETCD_VERSION,
  KUBERNETES_MODULE,
  KUBERNETES_VERSION,
  MIN_GO_VERSION,
  kubernetesLdflags,
} from './versions.js';

export type { BinaryPaths } from './paths.js';

export interface EnsureBinariesOptions {
  onProgress?: (line: string) => void;
}

interface Target {
  key: keyof BinaryPaths;
  name: string;
  goPackage: (etcdVersion: string) => string;
  /** What `--version` prints for a good binary. */
  versionPattern: RegExp;
}

const TARGETS: Target[] = [
  {
    key: 'kubeApiserver',
    name: 'kube-apiserver',
    goPackage: () => `${KUBERNETES_MODULE}/cmd/kube-apiserver`,
    versionPattern: new RegExp(`Kubernetes ${KUBERNETES_VERSION.replace(/\./g, '\\.')}\\b`),
  },
  {
    key: 'kubeScheduler',
    name: 'kube-scheduler',
    goPackage: () => `${KUBERNETES_MODULE}/cmd/kube-scheduler`,
    versionPattern: new RegExp(`Kubernetes ${KUBERNETES_VERSION.replace(/\./g, '\\.')}\\b`),
  },
  {
    key: 'kubeControllerManager',
    name: 'kube-controller-manager',
    goPackage: () => `${KUBERNETES_MODULE}/cmd/kube-controller-manager`,
    versionPattern: new RegExp(`Kubernetes ${KUBERNETES_VERSION.replace(/\./g, '\\.')}\\b`),
  },
  {
    key: 'etcd',
    name: 'etcd',
    goPackage: () => ETCD_MODULE,
    versionPattern: new RegExp(`etcd Version: ${ETCD_VERSION.replace(/^v/, '').replace(/\./g, '\\.')}\\b`),
  },
];

/** Whether `file` exists and its `--version` says the expected release (a half-written or foreign binary fails). */
async function binaryWorks(file: string, pattern: RegExp): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    const { stdout } = await run(file, ['--version']);
    return pattern.test(stdout);
  } catch {
    return false;
  }
}

async function missingTargets(paths: BinaryPaths): Promise<Target[]> {
  const missing: Target[] = [];
  for (const t of TARGETS) if (!(await binaryWorks(paths[t.key], t.versionPattern))) missing.push(t);
  return missing;
}

function goEnv(): NodeJS.ProcessEnv {
  // The same environment as the hand-proven recipe, so the shared Go build cache gives hits.
  return { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' };
}

async function checkGo(): Promise<void> {
  let out: string;
  try {
    out = (await run('go', ['version'])).stdout;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `Go is not installed (no "go" on PATH): building the local Kubernetes ${KUBERNETES_VERSION} control plane ` +
          `needs Go ${MIN_GO_VERSION} or newer. Install it (https://go.dev/dl, or apt-get install golang-go if recent enough) ` +
          'and run again; this happens once, later runs reuse the cached binaries',
        { cause: err },
      );
    }
    throw err;
  }
  checkGoVersion(out, MIN_GO_VERSION);
}

interface BuildContext {
  root: string;
  moduleDir: string;
  log: WriteStream;
  progress: (line: string) => void;
}

/** Writes the wrapper module and resolves its dependencies; skipped when a previous run finished it. */
async function prepareModule(ctx: BuildContext): Promise<string> {
  const env = goEnv();
  await mkdir(ctx.moduleDir, { recursive: true });
  const stamp = path.join(ctx.moduleDir, '.prepared');
  const prepared = await readFile(stamp, 'utf8').catch(() => '');
  if (prepared.startsWith('etcd ')) return prepared.slice(5).trim();
  await writeFile(path.join(ctx.moduleDir, 'go.mod'), 'module kbuild\n\ngo 1.25.0\n');
  await rm(path.join(ctx.moduleDir, 'go.sum'), { force: true });
  ctx.progress(`resolving ${KUBERNETES_MODULE}@${KUBERNETES_VERSION} through the Go module proxy`);
  const dl = await run('go', ['mod', 'download', '-json', `${KUBERNETES_MODULE}@${KUBERNETES_VERSION}`], {
    cwd: ctx.moduleDir,
    env,
    log: ctx.log,
  });
  const info = JSON.parse(dl.stdout) as { GoMod?: string; Error?: string };
  if (!info.GoMod)
    throw new Error(`go mod download gave no go.mod for ${KUBERNETES_MODULE}: ${info.Error ?? dl.stdout}`);
  const kubernetesGoMod = await readFile(info.GoMod, 'utf8');
  const goDir = goDirective(kubernetesGoMod);
  if (goDir) checkGoVersion((await run('go', ['version'])).stdout, goDir);
  const etcdVersion = requiredVersion(kubernetesGoMod, ETCD_MODULE) ?? ETCD_VERSION;
  await writeFile(
    path.join(ctx.moduleDir, 'go.mod'),
    wrapperGoMod({
      kubernetesGoMod,
      kubernetesVersion: KUBERNETES_VERSION,
      etcdModule: ETCD_MODULE,
      etcdVersion,
    }),
  );
  const steps: string[][] = [
    ['mod', 'download'],
    ['get', `${KUBERNETES_MODULE}/cmd/kube-apiserver@${KUBERNETES_VERSION}`],
    ['get', `${ETCD_MODULE}@${etcdVersion}`],
  ];
  for (const args of steps) {
    ctx.progress(`go ${args.join(' ')}`);
    await run('go', args, {
      cwd: ctx.moduleDir,
      env,
      log: ctx.log,
      onHeartbeat: (s) => ctx.progress(`  go ${args[0]} ${args[1]}: ${s} s`),
    });
  }
  await writeFile(stamp, `etcd ${etcdVersion}\n`);
  return etcdVersion;
}

async function buildTarget(
  ctx: BuildContext,
  target: Target,
  etcdVersion: string,
  dest: string,
): Promise<void> {
  // Build into a temporary folder and rename: an interrupted build never leaves a half binary in bin/.
  const tmp = await mkdtemp(path.join(ctx.root, 'tmp-'));
  try {
    const out = path.join(tmp, target.name);
    ctx.progress(`building ${target.name} (go build ${target.goPackage(etcdVersion)})`);
    const { elapsedSeconds } = await run(
      'go',
      ['build', '-ldflags', kubernetesLdflags(KUBERNETES_VERSION), '-o', out, target.goPackage(etcdVersion)],
      {
        cwd: ctx.moduleDir,
        env: goEnv(),
        log: ctx.log,
        onHeartbeat: (s) => ctx.progress(`  still building ${target.name}: ${s} s`),
      },
    );
    if (!(await binaryWorks(out, target.versionPattern))) {
      throw new Error(`${target.name} was built but its --version does not match ${target.versionPattern}`);
    }
    await rename(out, dest);
    ctx.progress(`built ${target.name} in ${elapsedSeconds} s`);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * The paths of etcd, kube-apiserver, kube-scheduler and kube-controller-manager for
 * KUBERNETES_VERSION, building them from the Go module proxy into the per-user cache on first use.
 */
export async function ensureBinaries(opts: EnsureBinariesOptions = {}): Promise<BinaryPaths> {
  const progress = opts.onProgress ?? (() => undefined);
  const root = kubernetesCacheDir();
  const binDir = path.join(root, 'bin');
  const paths = binaryPaths(binDir);
  if ((await missingTargets(paths)).length === 0) return paths;

  await checkGo();
  await mkdir(binDir, { recursive: true });
  return withLockFile(
    path.join(root, 'build.lock'),
    async () => {
      const missing = await missingTargets(paths);
      if (missing.length === 0) return paths;
      // Leftovers of a build that was killed: never used, only taking disk space.
      for (const entry of await readdir(root)) {
        if (entry.startsWith('tmp-')) await rm(path.join(root, entry), { recursive: true, force: true });
      }
      const logFile = path.join(root, 'build.log');
      progress(
        `building Kubernetes ${KUBERNETES_VERSION} (${missing.map((t) => t.name).join(', ')}) into ${binDir}: ` +
          `first run only, several minutes on a cold Go cache; log: ${logFile}`,
      );
      const log = createWriteStream(logFile, { flags: 'a' });
      const started = Date.now();
      try {
        log.write(`\n--- ${new Date().toISOString()} build of ${missing.map((t) => t.name).join(', ')}\n`);
        const ctx: BuildContext = { root, moduleDir: path.join(root, 'module'), log, progress };
        const etcdVersion = await prepareModule(ctx);
        for (const target of missing) await buildTarget(ctx, target, etcdVersion, paths[target.key]);
      } catch (err) {
        throw new Error(
          `building the Kubernetes binaries failed (full log: ${logFile}): ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      } finally {
        await new Promise((r) => log.end(r));
      }
      progress(`Kubernetes binaries ready in ${Math.round((Date.now() - started) / 1000)} s`);
      return paths;
    },
    (pid) => progress(`waiting for another build of the Kubernetes binaries (pid ${pid}) to finish`),
  );
}
