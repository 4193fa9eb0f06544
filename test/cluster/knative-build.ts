import { createWriteStream } from 'node:fs';
import { access, constants, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { checkGoVersion } from './goversion.js';
import { CONTROLLER_MAIN_GO } from './knative-controller.js';
import { withLockFile } from './lock.js';
import { cacheRoot } from './paths.js';
import { run } from './run.js';

/**
 * The newest Knative Serving release that builds from the Go module proxy with today's Go: later
 * ones (v0.51.0) pin knative.dev/pkg, networking and caching pseudo-versions the proxy no longer serves.
 */
export const KNATIVE_VERSION = 'v0.42.2';
export const KNATIVE_MODULE = 'knative.dev/serving';
/** Its go.mod says go 1.22; the project builds it with the Go that builds Kubernetes. */
const KNATIVE_MIN_GO = '1.22';

/** The four control-plane programs of Knative Serving; queue-proxy is only an image name in pods. */
export const KNATIVE_PROGRAMS = ['controller', 'webhook', 'autoscaler', 'activator'] as const;
export type KnativeProgram = (typeof KNATIVE_PROGRAMS)[number];

export interface KnativeBuild {
  bin: Record<KnativeProgram, string>;
  /** The module's source (read-only, in the Go module cache): config/core is applied from it. */
  servingDir: string;
  /** knative.dev/networking at the version serving pins: its CRDs are symlinks that module zips drop. */
  networkingDir: string;
  /** knative.dev/caching: the Image CRD the revision reconciler writes to. */
  cachingDir: string;
}

export function knativeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), `knative-serving-${KNATIVE_VERSION}`);
}

function goEnv(): NodeJS.ProcessEnv {
  return { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' };
}

async function executable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Where `go mod download` put a module (the wrapper module's go.sum pins the version). */
async function moduleDir(moduleDirCwd: string, mod: string): Promise<string> {
  const { stdout } = await run('go', ['list', '-m', '-json', mod], { cwd: moduleDirCwd, env: goEnv() });
  const dir = (JSON.parse(stdout) as { Dir?: string }).Dir;
  if (!dir) throw new Error(`go list -m ${mod} gave no Dir: run "go mod download ${mod}" in ${moduleDirCwd}`);
  return dir;
}

/**
 * Knative Serving's controller, webhook, autoscaler and activator for KNATIVE_VERSION, built from
 * the Go module proxy into the per-user cache on first use (a wrapper module requiring
 * knative.dev/serving, so its go.mod pins every dependency), with progress lines.
 */
export async function ensureKnative(progress: (line: string) => void): Promise<KnativeBuild> {
  const root = knativeCacheDir();
  const binDir = path.join(root, 'bin');
  const module = path.join(root, 'module');
  const bin = Object.fromEntries(KNATIVE_PROGRAMS.map((p) => [p, path.join(binDir, p)])) as Record<
    KnativeProgram,
    string
  >;
  const stamp = path.join(binDir, '.built');
  // A new controller main (knative-controller.ts) rebuilds, as a new version does.
  const stampText = `${KNATIVE_VERSION} ${createHash('sha256').update(CONTROLLER_MAIN_GO).digest('hex').slice(0, 12)}`;
  const built = async (): Promise<boolean> =>
    (await readFile(stamp, 'utf8').catch(() => '')).trim() === stampText &&
    (await Promise.all(KNATIVE_PROGRAMS.map((p) => executable(bin[p])))).every(Boolean);
  const dirs = async (): Promise<KnativeBuild> => ({
    bin,
    servingDir: await moduleDir(module, KNATIVE_MODULE),
    networkingDir: await moduleDir(module, 'knative.dev/networking'),
    cachingDir: await moduleDir(module, 'knative.dev/caching'),
  });
  if (await built()) return dirs();
  checkGoVersion((await run('go', ['version'])).stdout, KNATIVE_MIN_GO);
  await mkdir(binDir, { recursive: true });
  await withLockFile(
    path.join(root, 'build.lock'),
    async () => {
      if (await built()) return;
      const logFile = path.join(root, 'build.log');
      const log = createWriteStream(logFile, { flags: 'a' });
      const started = Date.now();
      progress(
        `building Knative Serving ${KNATIVE_VERSION} (${KNATIVE_PROGRAMS.join(', ')}) into ${binDir}: ` +
          `first run only, minutes on a cold Go cache; log: ${logFile}`,
      );
      try {
        await mkdir(module, { recursive: true });
        const opts = { cwd: module, env: goEnv(), log };
        if (!(await readFile(path.join(module, 'go.mod'), 'utf8').catch(() => '')).includes(KNATIVE_MODULE)) {
          await writeFile(path.join(module, 'go.mod'), 'module knbuild\n\ngo 1.22\n');
          progress(`go get ${KNATIVE_MODULE}@${KNATIVE_VERSION}`);
          await run('go', ['get', `${KNATIVE_MODULE}/cmd/controller@${KNATIVE_VERSION}`], {
            ...opts,
            onHeartbeat: (s) => progress(`  go get: ${s} s`),
          });
        }
        await mkdir(path.join(module, 'cmd', 'controller'), { recursive: true });
        await writeFile(path.join(module, 'cmd', 'controller', 'main.go'), CONTROLLER_MAIN_GO);
        for (const program of KNATIVE_PROGRAMS) {
          const pkg = program === 'controller' ? './cmd/controller' : `${KNATIVE_MODULE}/cmd/${program}`;
          // Build beside bin/ and rename: an interrupted build never leaves half a binary.
          const tmp = await mkdtemp(path.join(root, 'tmp-'));
          try {
            progress(`building knative ${program} (go build ${pkg})`);
            const out = path.join(tmp, program);
            const { elapsedSeconds } = await run('go', ['build', '-ldflags', '-s -w', '-o', out, pkg], {
              ...opts,
              onHeartbeat: (s) => progress(`  still building knative ${program}: ${s} s`),
            });
            await rename(out, bin[program]);
            progress(`built knative ${program} in ${elapsedSeconds} s`);
          } finally {
            await rm(tmp, { recursive: true, force: true });
          }
        }
        await writeFile(stamp, `${stampText}\n`);
      } catch (err) {
        throw new Error(
          `building Knative Serving failed (full log: ${logFile}): ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      } finally {
        await new Promise((r) => log.end(r));
      }
      progress(`Knative Serving binaries ready in ${Math.round((Date.now() - started) / 1000)} s`);
    },
    (pid) => progress(`waiting for another build of Knative Serving (pid ${pid}) to finish`),
  );
  return dirs();
}
