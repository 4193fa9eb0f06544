import { constants } from 'node:os';
import { errorMessage } from '../../providers/logger.js';
import { ExitCodeError, type Command } from './command.js';

/** A program made of commands: the product CLI (src/cli.ts) and the development tools' CLI. */
export interface Cli {
  /** The program's name in usage lines and error messages. */
  name: string;
  /** One paragraph under `Usage:` saying what the program is. */
  about: string;
  /**
   * Name → loader. Only the command that runs is loaded, so the controller's process never loads
   * what another command needs (the webhook's @kubernetes/client-node costs ~85 MiB of RSS).
   */
  commands: Record<string, () => Promise<Command>>;
  /** Commands that live in another program: name → what to tell the user (exit 2). */
  elsewhere?: Record<string, string>;
  /** Printed after the list of commands. */
  footer?: string;
}

/** What the CLI touches of the process; tests pass their own. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Ends the process at once (a second SIGTERM/SIGINT). */
  exit(code: number): void;
  /** Where SIGTERM and SIGINT arrive. */
  signals: Pick<NodeJS.Process, 'on' | 'off'>;
}

const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  exit: (code) => process.exit(code),
  signals: process,
};

const HELP_FLAGS = new Set(['--help', '-h']);

async function overview(cli: Cli): Promise<string> {
  const commands = await Promise.all(Object.values(cli.commands).map((load) => load()));
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    `Usage: ${cli.name} <command> [flags]`,
    '',
    cli.about,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    `Run \`${cli.name} <command> --help\` for the flags of a command.`,
    ...(cli.footer === undefined ? [] : ['', cli.footer]),
    '',
  ].join('\n');
}

/**
 * Runs one command of `cli` and returns the exit code: 0 done, 1 the command failed (its message
 * on stderr), 2 the command line is wrong. The first SIGTERM or SIGINT aborts the command's signal
 * so it can stop cleanly; a second one exits at once (128 + the signal's number, as shells do).
 */
export async function runCli(cli: Cli, argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || HELP_FLAGS.has(name) || name === 'help') {
    io.stdout(await overview(cli));
    return 0;
  }
  const load = Object.hasOwn(cli.commands, name) ? cli.commands[name] : undefined;
  if (load === undefined) {
    const there =
      cli.elsewhere !== undefined && Object.hasOwn(cli.elsewhere, name) ? cli.elsewhere[name] : undefined;
    io.stderr(
      `${cli.name}: ${there ?? `unknown command "${name}"; run \`${cli.name} --help\` for the list`}\n`,
    );
    return 2;
  }
  const command = await load();
  if (rest.some((arg) => HELP_FLAGS.has(arg))) {
    io.stdout(command.help);
    return 0;
  }
  const abort = new AbortController();
  let received = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (++received > 1) {
      io.stderr(`${cli.name} ${name}: ${signal} again: exiting without finishing the shutdown\n`);
      io.exit(128 + constants.signals[signal]);
      return;
    }
    abort.abort(new Error(`stopped by ${signal}`));
  };
  io.signals.on('SIGTERM', onSignal);
  io.signals.on('SIGINT', onSignal);
  try {
    await command.run(rest, abort.signal);
    return 0;
  } catch (err) {
    io.stderr(`${cli.name} ${name}: ${errorMessage(err)}\n`);
    return err instanceof ExitCodeError ? err.exitCode : 1;
  } finally {
    io.signals.off('SIGTERM', onSignal);
    io.signals.off('SIGINT', onSignal);
  }
}

/**
 * Ends the process with `code` once a command has returned. A finished command's stray keep-alive
 * socket or timer must not keep the process (a stopping pod) alive: after a grace period to flush
 * output, exit regardless.
 */
export function exitWith(code: number, graceMs = 2_000): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), graceMs).unref();
}
