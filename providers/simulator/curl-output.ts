/**
 * What curl writes to stderr when it cannot reach a host, as curl 7.88 writes it (read off it here):
 * without a terminal (a container's log) its progress meter comes first. Pure; which of the two it
 * shows comes from its options (reach-commands.ts).
 */

/** The meter's heading, then its first row, which the error follows on the same line. */
const METER_HEAD = [
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current',
  '                                 Dload  Upload   Total   Spent    Left  Speed',
];
const METER_ROW = '\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0';

/**
 * curl's lines for a host that does not resolve (6) or a connection refused (7): the meter's row is
 * drawn once before a lookup fails, twice (the second ending its line) before a connect does.
 */
export function curlFailure(shown: { meter: boolean; error: boolean }, code: 6 | 7, error: string): string[] {
  const message = shown.error ? [`curl: (${code}) ${error}`] : [];
  const meter = shown.meter;
  if (!meter) return message;
  return code === 6
    ? [...METER_HEAD, `${METER_ROW}${message[0] ?? ''}`]
    : [...METER_HEAD, `${METER_ROW}${METER_ROW}`, ...message];
}
