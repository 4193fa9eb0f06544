/**
 * The one shape of every command (`ack-virtual-node controller`, the development tools' `cluster`):
 * the CLI prints `help` for `--help`, passes the rest of the arguments to `run`, and aborts `signal`
 * on SIGTERM or SIGINT. Exit codes and signals belong to the CLI (src/commands/dispatch.ts), so a
 * command can be run and stopped in a test like any async function.
 */
export interface Command {
  name: string;
  /** One line for the CLI's list of commands. */
  summary: string;
  /** What `<cli> <name> --help` prints. */
  help: string;
  /**
   * Does the work; a long-running command runs until `signal` aborts, stops cleanly (closes its
   * servers and watches) and resolves. Never calls `process.exit`: to fail, it throws.
   */
  run(argv: string[], signal: AbortSignal): Promise<void>;
}

/** A failure that asks for a particular exit code; anything else a command throws exits 1. */
export class ExitCodeError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The command line itself is wrong (unknown command, a tool that is not in this build): exit 2. */
export class UsageError extends ExitCodeError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

/**
 * Resolves when `signal` aborts. Holds the event loop open meanwhile: a command that only waits for
 * its stop signal (servers in other processes, or none yet) must not let Node exit under it.
 */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  const keepAlive = setInterval(() => undefined, 60_000);
  return new Promise((resolve) =>
    signal.addEventListener(
      'abort',
      () => {
        clearInterval(keepAlive);
        resolve();
      },
      { once: true },
    ),
  );
}
