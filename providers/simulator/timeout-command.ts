import type { TimedLine } from './interpreter.js';
import { DURATION, durationMs, MAX_LINES, print, type State } from './shell-state.js';

/** Options of `timeout` (GNU coreutils and BusyBox) that take a value. */
const VALUED = new Set(['-s', '-k']);
const SIGNALS: Record<string, number> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  KILL: 9,
  USR1: 10,
  USR2: 12,
  ALRM: 14,
  TERM: 15,
};

/** The signal `-s SIG`, `-sSIG` or `--signal=SIG` names (TERM when none): a name or a number. */
function signalOf(options: string[]): number {
  const at = options.indexOf('-s');
  const named =
    at >= 0
      ? options[at + 1]
      : (options.find((o) => o.startsWith('--signal='))?.slice(9) ??
        options.find((o) => /^-s./.test(o))?.slice(2));
  const name = (named ?? 'TERM').toUpperCase().replace(/^SIG/, '');
  return /^\d+$/.test(name) ? Number(name) : (SIGNALS[name] ?? 15);
}

/**
 * `timeout [-s SIG] [-k D] D CMD...`: CMD, stopped at D when it would run longer or never end (`sleep
 * infinity`, `tail -f`); what it would have printed after D is not printed. Stopped, it ends with 124
 * (GNU coreutils), or 128 + the signal: BusyBox execs the command, so the shell sees it killed; GNU
 * with `--preserve-status` or `-s KILL`. An endless loop's passes are written out until D. A command
 * the simulator does not interpret stays so:
 * whether it would have ended in time is not known. Pure, `run` interprets CMD in the same state.
 */
export function timeout(args: string[], st: State, run: (command: string[]) => void, busybox: boolean): void {
  let i = 0;
  while (i < args.length && (args[i] ?? '').startsWith('-')) i += VALUED.has(args[i] ?? '') ? 2 : 1;
  const duration = args[i] ?? '';
  const command = args.slice(i + 1);
  if (!DURATION.test(duration) || command.length === 0) {
    print(st, `timeout: invalid time interval '${duration}'`, true);
    st.status = 125;
    return;
  }
  const start = st.t;
  const printed = st.lines.length;
  const known = !st.uninterpreted;
  run(command);
  const limit = durationMs(duration);
  const unjudged = known && st.uninterpreted;
  if (limit === 0 || unjudged || (!st.ended && st.t <= start + limit)) return;
  const deadline = start + limit;
  const kept = [...st.lines.slice(printed), ...repeatedUntil(st.repeat, deadline)];
  st.lines.splice(printed, Infinity, ...kept.filter((line) => line.atMs <= deadline));
  const options = args.slice(0, i);
  const signal = signalOf(options);
  const killed = busybox || signal === SIGNALS.KILL || options.includes('--preserve-status');
  Object.assign(st, { t: deadline, ended: false, repeat: undefined, status: killed ? 128 + signal : 124 });
}

/** An endless loop's passes (`while true`) written out up to `deadline`. */
function repeatedUntil(repeat: State['repeat'], deadline: number): TimedLine[] {
  const lines: TimedLine[] = [];
  if (repeat === undefined) return lines;
  for (let at = repeat.startMs; at <= deadline && lines.length < MAX_LINES; at += repeat.periodMs)
    lines.push(...repeat.lines.map((line) => ({ ...line, atMs: at + line.atMs })));
  return lines;
}
