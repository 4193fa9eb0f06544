/**
 * What providers log through. The caller hands one in (the controller passes its winston logger,
 * which fits this shape), so providers/ never imports src/: the seam runs one way.
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): unknown;
  info(message: string, fields?: Record<string, unknown>): unknown;
  warn(message: string, fields?: Record<string, unknown>): unknown;
  error(message: string, fields?: Record<string, unknown>): unknown;
}

/** For tests and library use where nobody reads the logs. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The message of anything thrown, for log fields and Events. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
