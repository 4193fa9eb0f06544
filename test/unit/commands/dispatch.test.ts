import { EventEmitter } from 'node:events';
import { UsageError, type Command } from '../../../src/commands/command.js';
import { runCli, type Cli, type CliIo } from '../../../src/commands/dispatch.js';

function harness(run: Command['run'] = async () => undefined) {
  const out: string[] = [];
  const err: string[] = [];
  const exits: number[] = [];
  const signals = new EventEmitter();
  const io: CliIo = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    exit: (code) => void exits.push(code),
    signals: signals as unknown as CliIo['signals'],
  };
  const serve: Command = { name: 'serve', summary: 'serve things', help: 'Usage: tool serve\n', run };
  const cli: Cli = {
    name: 'tool',
    about: 'A tool.',
    commands: { serve: async () => serve },
    elsewhere: { cluster: 'cluster is a development tool: run it from a clone' },
  };
  return { cli, io, out, err, exits, signals };
}

describe('runCli', () => {
  it('lists the commands with their summaries for no command, help, --help and -h', async () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) {
      const h = harness();
      expect(await runCli(h.cli, argv, h.io)).toBe(0);
      expect(h.out.join('')).toMatch(/Usage: tool <command>[\s\S]*A tool\.[\s\S]*serve {2}serve things/);
    }
  });

  it('prints a command’s help for --help anywhere in its arguments, without running it', async () => {
    const calls: string[][] = [];
    const h = harness(async (argv) => void calls.push(argv));
    expect(await runCli(h.cli, ['serve', '--port', '1', '--help'], h.io)).toBe(0);
    expect(h.out).toEqual(['Usage: tool serve\n']);
    expect(calls).toEqual([]);
  });

  it('exits 2 for an unknown command, and says where a command of another program lives', async () => {
    const h = harness();
    expect(await runCli(h.cli, ['nope'], h.io)).toBe(2);
    expect(await runCli(h.cli, ['toString'], h.io)).toBe(2);
    expect(await runCli(h.cli, ['cluster', 'up'], h.io)).toBe(2);
    expect(h.err).toEqual([
      'tool: unknown command "nope"; run `tool --help` for the list\n',
      'tool: unknown command "toString"; run `tool --help` for the list\n',
      'tool: cluster is a development tool: run it from a clone\n',
    ]);
  });

  it('passes the arguments after the command name and exits 0 when it resolves', async () => {
    const calls: [string[], AbortSignal][] = [];
    const h = harness(async (argv, signal) => void calls.push([argv, signal]));
    expect(await runCli(h.cli, ['serve', '--port', '1'], h.io)).toBe(0);
    expect(calls).toEqual([[['--port', '1'], expect.any(AbortSignal)]]);
  });

  it('exits 1 with the message of what a command throws, or the exit code it asks for', async () => {
    const failing = harness(async () => {
      throw new Error('ECI_VSWITCH is empty: set it');
    });
    expect(await runCli(failing.cli, ['serve'], failing.io)).toBe(1);
    expect(failing.err).toEqual(['tool serve: ECI_VSWITCH is empty: set it\n']);
    const usage = harness(async () => {
      throw new UsageError('bad');
    });
    expect(await runCli(usage.cli, ['serve'], usage.io)).toBe(2);
  });

  it('aborts the command on the first SIGTERM or SIGINT and exits at once on the second', async () => {
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => (started = resolve));
    let reason: unknown;
    const h = harness(async (_argv, signal) => {
      started();
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      reason = signal.reason;
      h.signals.emit('SIGINT', 'SIGINT');
    });
    const code = runCli(h.cli, ['serve'], h.io);
    await running;
    h.signals.emit('SIGTERM', 'SIGTERM');
    expect(await code).toBe(0);
    expect((reason as Error).message).toBe('stopped by SIGTERM');
    expect(h.exits).toEqual([130]);
    // The handlers are gone once the command returned: the CLI decides about the process.
    expect(h.signals.listenerCount('SIGTERM') + h.signals.listenerCount('SIGINT')).toBe(0);
  });
});
