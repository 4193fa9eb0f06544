/**
 * What curl writes to stderr when it cannot reach a host, as curl 7.88 writes it (read off it here):
 * without a terminal (a container's log) its progress meter comes first, unless `-s`; the error
 * itself is silenced by `-s` unless `-S`. Pure.
 */

/** The meter's heading, then its first row, which the error follows on the same line. */
const METER_HEAD = [
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
  '                                 Dload  Upload   Total   Spent    Left  Speed',
];
const METER_ROW = '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

const shortFlag = (args: readonly string[], letter: string) =>
  args.some((a) => /^-[a-zA-Z]+$/.test(a) && a.includes(letter));

/**
 * curl's lines for a host that does not resolve (6) or a connection refused (7): the meter's row is
 * drawn once before a lookup fails, twice (the second ending its line) before a connect does.
 */
export function curlFailure(args: readonly string[], code: 6 | 7, error: string): string[] {
  const silent = shortFlag(args, 's') || args.includes('--silent');
  const showError = !silent || shortFlag(args, 'S') || args.includes('--show-error');
  const meter = !silent && !args.includes('--no-progress-meter');
  const message = showError ? [`curl: (${code}) ${error}`] : [];
  if (!meter) return message;
  return code === 6
    ? [...METER_HEAD, `${METER_ROW}${message[0] ?? ''}`]
    : [...METER_HEAD, `${METER_ROW}${METER_ROW}`, ...message];
}
