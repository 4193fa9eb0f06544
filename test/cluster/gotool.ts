import { createWriteStream, type WriteStream } from 'node:fs';
import { access, constants, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { checkGoVersion } from './goversion.js';
import { goDirective } from './gomod.js';
import { withLockFile } from './lock.js';
import { cacheRoot } from './paths.js';
import { run } from './run.js';

/** A program of the local stack built from a published Go module, like the control plane. */
export interface GoTool {
  /** The binary's name, e.g. "metrics-server". */
  name: string;
  module: string;
  version: string;
  /** The package `go install` builds (`<module>/cmd/x`); unused with `wrapperMain`. */
  installPackage?: string;
  /**
   * A main.go built in a small module requiring `module@version` instead: for a program assembled
   * from the module's packages (CoreDNS with only some plugins).
   */
  wrapperMain?: string;
  ldflags?: string;
}

export function goToolCacheDir(tool: GoTool, env: NodeJS.ProcessEnv = process.env, home?: string): string {
  return path.join(cacheRoot(env, home), `${tool.name}-${tool.version}`);
}

/** Files of the wrapper module: go.mod at the module's go directive, and the program. */
export function wrapperModuleFiles(tool: GoTool, goVersion: string): Record<string, string> {
  if (!tool.wrapperMain) throw new Error(`${tool.name}: wrapperModuleFiles needs wrapperMain`);
  return {
    'go.mod': `module ${tool.name.replace(/[^a-z0-9]/g, '')}build\n\ngo ${goVersion}\n\nrequire ${tool.module} ${tool.version}\n`,
    'main.go': tool.wrapperMain,
  };
}

/** The binary exists and its stamp names this version (it is renamed in place only once built). */
async function built(binary: string, version: string): Promise<boolean> {
  try {
    await access(binary, constants.X_OK);
    return (await readFile(`${binary}.version`, 'utf8')).trim() === version;
  } catch {
    return false;
  }
}

async function goVersionOutput(tool: GoTool): Promise<string> {
  try {
    return (await run('go', ['version'])).stdout;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(
        `Go is not installed (no "go" on PATH): building ${tool.name} ${tool.version} needs Go. ` +
          'Install it (https://go.dev/dl) and run again; this happens once, later runs reuse the cached binary',
        { cause: err },
      );
    }
    throw err;
  }
}

async function buildInto(tool: GoTool, tmp: string, log: WriteStream, progress: (l: string) => void) {
  // CGO off as for the Kubernetes binaries: a static binary, and the same Go build cache keys.
  const env = { ...process.env, CGO_ENABLED: '0', GOBIN: tmp, GOFLAGS: '' };
  const dl = await run('go', ['mod', 'download', '-json', `${tool.module}@${tool.version}`], {
    cwd: tmp,
    env,
    log,
  });
  const info = JSON.parse(dl.stdout) as { GoMod?: string; Error?: string };
  if (!info.GoMod)
    throw new Error(`go mod download gave no go.mod for ${tool.module}: ${info.Error ?? dl.stdout}`);
  const needGo = goDirective(await readFile(info.GoMod, 'utf8')) ?? '1.25.0';
  checkGoVersion(await goVersionOutput(tool), needGo);
  const ldflags = ['-ldflags', tool.ldflags ?? '-s -w'];
  const heartbeat = { onHeartbeat: (s: number) => progress(`  still building ${tool.name}: ${s} s`) };
  if (tool.wrapperMain) {
    const src = path.join(tmp, 'src');
    await mkdir(src);
    for (const [file, text] of Object.entries(wrapperModuleFiles(tool, needGo))) {
      await writeFile(path.join(src, file), text);
    }
    // -mod=mod: go build itself resolves the packages main.go imports and records their sums.
    await run('go', ['build', ...ldflags, '-o', path.join(tmp, tool.name), '.'], {
      cwd: src,
      env: { ...env, GOFLAGS: '-mod=mod' },
      log,
      ...heartbeat,
    });
  } else {
    const pkg = tool.installPackage ?? tool.module;
    // `go install pkg@version` builds outside any module, with the module's own go.mod and go.sum.
    await run('go', ['install', ...ldflags, `${pkg}@${tool.version}`], { cwd: tmp, env, log, ...heartbeat });
  }
}

/** The path of `tool`'s binary, built into the per-user cache on first use (progress shown, log kept). */
export async function ensureGoTool(tool: GoTool, onProgress?: (line: string) => void): Promise<string> {
  const progress = onProgress ?? (() => undefined);
  const root = goToolCacheDir(tool);
  const binary = path.join(root, 'bin', tool.name);
  if (await built(binary, tool.version)) return binary;
  await goVersionOutput(tool);
  await mkdir(path.dirname(binary), { recursive: true });
  return withLockFile(
    path.join(root, 'build.lock'),
    async () => {
      if (await built(binary, tool.version)) return binary;
      const logFile = path.join(root, 'build.log');
      const log = createWriteStream(logFile, { flags: 'a' });
      // Build into a temporary folder and rename: an interrupted build never leaves a half binary behind.
      const tmp = await mkdtemp(path.join(root, 'tmp-'));
      const started = Date.now();
      try {
        progress(
          `building ${tool.name} ${tool.version} (${tool.module}) into ${binary}: first run only; log: ${logFile}`,
        );
        await buildInto(tool, tmp, log, progress);
        await rename(path.join(tmp, tool.name), binary);
        await writeFile(`${binary}.version`, `${tool.version}\n`);
      } catch (err) {
        throw new Error(
          `building ${tool.name} ${tool.version} failed (full log: ${logFile}): ${err instanceof Error ? err.message : String(err)}`,
          { cause: err },
        );
      } finally {
        await rm(tmp, { recursive: true, force: true });
        await new Promise((r) => log.end(r));
      }
      progress(`built ${tool.name} ${tool.version} in ${Math.round((Date.now() - started) / 1000)} s`);
      return binary;
    },
    (pid) => progress(`waiting for another build of ${tool.name} (pid ${pid}) to finish`),
  );
}
