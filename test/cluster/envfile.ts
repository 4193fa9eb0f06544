/** Pure rendering of DIR/env: `source` it to point kubectl and the tests at the local cluster. */

/** Single-quoted for POSIX shells, so any value (spaces, $, quotes) survives `source`. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function renderEnvFile(vars: Record<string, string | undefined>): string {
  const lines = [
    '# Written by `cluster up` (node dist/test/cluster/cli.js): source this file to use the local cluster.',
  ];
  for (const [name, value] of Object.entries(vars)) {
    if (!NAME.test(name)) throw new Error(`env file: "${name}" is not a shell variable name`);
    if (value !== undefined) lines.push(`export ${name}=${shellQuote(value)}`);
  }
  return `${lines.join('\n')}\n`;
}
