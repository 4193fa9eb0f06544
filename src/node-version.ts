/**
 * The oldest Node.js the program runs on. Older ones fail deep inside dependencies with errors that
 * say nothing of the version (Node 20: undici's "Cannot read properties of undefined (reading
 * 'bind')"), so the CLI entries check first. Keep this file free of imports: it must load anywhere.
 */
export const MINIMUM_NODE_MAJOR = 22;

/** What to tell the user when `version` (a `process.version`, e.g. "v20.20.2") is too old; else undefined. */
export function nodeVersionProblem(version: string): string | undefined {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  // An unreadable version (another runtime) is not refused: it may well work.
  if (Number.isNaN(major) || major >= MINIMUM_NODE_MAJOR) return undefined;
  return (
    `ack-virtual-node needs Node.js ${MINIMUM_NODE_MAJOR} or newer (this is ${version}); ` +
    `run it through npm (npm start / npm exec) or install Node ${MINIMUM_NODE_MAJOR}+`
  );
}
