import { spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { recordSpecs, runningPid, statusOf, stopRecorded } from '../../cluster/lifecycle.js';
import { withLockFile } from '../../cluster/lock.js';
import { parsePid, pidFilePath, readPidFile, writePidFile } from '../../cluster/pidfile.js';
import { argvMatches, isPidAlive, startDetached, type LaunchSpec } from '../../cluster/process.js';
import { sampleInfo, tempDir } from './helpers.js';

/** A long-running stand-in for a component: node with a marker argument. */
function sleeperSpec(name: string, ignoreTerm = false): LaunchSpec {
  const code = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} console.log('up'); setInterval(() => {}, 1000);`;
  return { name, command: process.execPath, args: ['-e', code, `marker-${name}`] };
}

async function waitFor(cond: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition never held');
}

describe('pid files', () => {
  it('parses only a positive integer', () => {
    expect(parsePid('1234\n')).toBe(1234);
    expect(parsePid('')).toBeUndefined();
    expect(parsePid('-5')).toBeUndefined();
    expect(parsePid('0')).toBeUndefined();
    expect(parsePid('12abc')).toBeUndefined();
  });

  it('round-trips through DIR/pids/<name>.pid and reads a missing file as no pid', async () => {
    const dir = await tempDir('pidfile');
    expect(await readPidFile(dir, 'etcd')).toBeUndefined();
    await writePidFile(dir, 'etcd', 4242);
    expect(pidFilePath(dir, 'etcd')).toBe(path.join(dir, 'pids', 'etcd.pid'));
    expect(await readFile(pidFilePath(dir, 'etcd'), 'utf8')).toBe('4242\n');
    expect(await readPidFile(dir, 'etcd')).toBe(4242);
    await writeFile(pidFilePath(dir, 'etcd'), 'garbage');
    expect(await readPidFile(dir, 'etcd')).toBeUndefined();
  });

  it('recognises a component only by its program and leading arguments', () => {
    const spec: LaunchSpec = {
      name: 'etcd',
      command: '/c/etcd',
      args: ['--data-dir=/d/etcd', '--name=default', '--x'],
    };
    expect(argvMatches(['/c/etcd', '--data-dir=/d/etcd', '--name=default', '--other'], spec)).toBe(true);
    expect(argvMatches(['/c/etcd', '--data-dir=/elsewhere/etcd', '--name=default'], spec)).toBe(false);
    expect(argvMatches(['/usr/bin/vim', '--data-dir=/d/etcd', '--name=default'], spec)).toBe(false);
    expect(argvMatches(undefined, spec)).toBe(false);
  });
});

describe('component processes', () => {
  it('starts a detached component logging to its file, reports it running, then stops it with SIGTERM', async () => {
    const dir = await tempDir('proc');
    const info = sampleInfo(dir);
    const spec = sleeperSpec('controller');
    info.components.controller = spec;
    const log = path.join(dir, 'logs', 'controller.log');
    await mkdir(path.join(dir, 'logs'));
    const pid = await startDetached(spec, log);
    await writePidFile(dir, 'controller', pid);
    await waitFor(async () => (await readFile(log, 'utf8')).includes('up\n'));
    expect(await readFile(log, 'utf8')).toContain('starting controller');
    expect(await runningPid(dir, spec)).toBe(pid);
    expect(await statusOf(info, 'controller')).toEqual({
      name: 'controller',
      pid,
      running: true,
      detail: `running; log: ${log}`,
    });

    expect(await stopRecorded(info, 'controller')).toBe('terminated');
    expect(isPidAlive(pid)).toBe(false);
    expect(await readPidFile(dir, 'controller')).toBeUndefined();
    expect(await statusOf(info, 'controller')).toMatchObject({
      running: false,
      detail: expect.stringMatching(/no pid file/),
    });
  });

  it('kills a component that ignores SIGTERM after the grace period', async () => {
    const dir = await tempDir('proc');
    const info = sampleInfo(dir);
    const spec = sleeperSpec('webhook', true);
    info.components.webhook = spec;
    const child = spawn(spec.command, spec.args, { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((r) => child.stdout.once('data', r));
    await writePidFile(dir, 'webhook', child.pid as number);
    const exited = new Promise((r) => child.once('exit', (_code, signal) => r(signal)));
    expect(await stopRecorded(info, 'webhook', 300)).toBe('killed');
    expect(await exited).toBe('SIGKILL');
  });

  it('never signals a pid that now belongs to another program, and reports a dead pid as exited', async () => {
    const dir = await tempDir('proc');
    const info = sampleInfo(dir);
    info.components.simulator = sleeperSpec('simulator');
    // The pid file names this very test process: reused by "another program" from the component's view.
    await writePidFile(dir, 'simulator', process.pid);
    expect(await statusOf(info, 'simulator')).toMatchObject({ running: false, pid: process.pid });
    expect(await stopRecorded(info, 'simulator')).toBe('not-running');
    expect(await readPidFile(dir, 'simulator')).toBeUndefined();

    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    await writePidFile(dir, 'simulator', gone.pid as number);
    expect(await statusOf(info, 'simulator')).toMatchObject({
      running: false,
      detail: expect.stringMatching(new RegExp(`pid ${gone.pid} has exited`)),
    });
    expect(await stopRecorded(info, 'simulator')).toBe('not-running');
  });
});

describe('recording launch specs on a re-run', () => {
  it('keeps the spec of a component that is still running, so a later stop still finds it', async () => {
    const dir = await tempDir('proc');
    const info = sampleInfo(dir);
    const old = sleeperSpec('simulator');
    info.components.simulator = old;
    info.components.webhook = sleeperSpec('webhook');
    const child = spawn(old.command, old.args, { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((r) => child.stdout.once('data', r));
    await writePidFile(dir, 'simulator', child.pid as number);

    const relaunched = (name: string): LaunchSpec => ({
      name,
      command: process.execPath,
      args: ['/new/cli.js', name],
    });
    await recordSpecs(info, [relaunched('simulator'), relaunched('webhook')]);
    expect(info.components.simulator).toBe(old);
    expect(info.components.webhook).toEqual(relaunched('webhook'));
    expect(await stopRecorded(info, 'simulator')).toBe('terminated');
  });
});

describe('build lock', () => {
  it('takes over a lock left by a dead process and releases it afterwards', async () => {
    const dir = await tempDir('lock');
    const lock = path.join(dir, 'build.lock');
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => gone.once('exit', r));
    await writeFile(lock, String(gone.pid));
    const result = await withLockFile(lock, async () => readFile(lock, 'utf8'));
    expect(result).toBe(String(process.pid));
    await expect(readFile(lock, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
