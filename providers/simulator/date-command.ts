/**
 * `date` as busybox and coreutils print it, in UTC (a container's default zone): the default form
 * (`Sun Dec  6 20:47:31 UTC 2026`), `-I`/`--iso-8601[=seconds]`, `-R` and `+FORMAT` with the usual
 * conversions. `-u` changes nothing here. An option it does not know is an error, as date's own.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad = (n: number, width = 2, fill = '0'): string => String(n).padStart(width, fill);

function conversion(d: Date, c: string): string | undefined {
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const table: Record<string, string> = {
    Y: String(d.getUTCFullYear()),
    m: pad(d.getUTCMonth() + 1),
    d: pad(d.getUTCDate()),
    e: pad(d.getUTCDate(), 2, ' '),
    H: pad(d.getUTCHours()),
    M: pad(d.getUTCMinutes()),
    S: pad(d.getUTCSeconds()),
    N: pad(d.getUTCMilliseconds() * 1_000_000, 9),
    s: String(Math.floor(d.getTime() / 1000)),
    F: date,
    T: time,
    a: DAYS[d.getUTCDay()],
    b: MONTHS[d.getUTCMonth()],
    Z: 'UTC',
    z: '+0000',
    '%': '%',
  };
  return table[c];
}

export function formatDate(d: Date, format: string): string {
  return format.replace(/%(.)/g, (all, c: string) => conversion(d, c) ?? all);
}

/** What `date ARGS` prints at `at` (ms since the epoch), or the error it gives. */
export function dateCommand(args: string[], at: number): { text: string } | { error: string } {
  const d = new Date(at);
  let format = '%a %b %e %T %Z %Y';
  for (const arg of args) {
    if (arg === '-u' || arg === '--utc') continue;
    if (arg.startsWith('+')) format = arg.slice(1);
    else if (arg === '-R' || arg === '--rfc-2822') format = '%a, %d %b %Y %T %z';
    else if (arg === '-I' || arg === '--iso-8601' || arg === '--iso-8601=date') format = '%F';
    else if (arg === '-Iseconds' || arg === '--iso-8601=seconds') format = '%FT%T+00:00';
    else return { error: `date: invalid option -- '${arg.replace(/^-+/, '')}'` };
  }
  return { text: formatDate(d, format) };
}
