/**
 * `uname` in a simulated container: what scripts branch on (`uname -m` to pick an amd64 or arm64
 * binary, `uname -s` for the OS). Fields print in uname's own order whatever the flag order.
 */

/** Flag → field, in the order uname prints them. */
const FIELDS = ['s', 'n', 'r', 'v', 'm', 'o'] as const;
type Field = (typeof FIELDS)[number];

function isField(flag: string): flag is Field {
  return (FIELDS as readonly string[]).includes(flag);
}

export function uname(
  args: string[],
  hostname: string,
  machine: string,
): { text: string } | { error: string } {
  const values: Record<Field, string> = {
    s: 'Linux',
    n: hostname,
    // An Alibaba Cloud Linux 3 kernel, the OS ECI instances run; the build number is illustrative.
    r: `5.10.134-18.al8.${machine}`,
    v: '#1 SMP',
    m: machine,
    o: 'GNU/Linux',
  };
  const wanted = new Set<Field>();
  for (const arg of args) {
    if (!/^-./.test(arg)) return { error: `uname: extra operand '${arg}'` };
    for (const flag of arg.slice(1)) {
      if (flag === 'a') FIELDS.forEach((f) => wanted.add(f));
      else if (isField(flag)) wanted.add(flag);
      else return { error: `uname: invalid option -- '${flag}'` };
    }
  }
  if (wanted.size === 0) wanted.add('s');
  return {
    text: FIELDS.filter((f) => wanted.has(f))
      .map((f) => values[f])
      .join(' '),
  };
}
