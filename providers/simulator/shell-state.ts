/** What a script's run keeps as it goes, shared by the interpreter and its expansions. */
import type { ContainerRun, TimedLine } from './interpreter.js';

/** Lines a run keeps at most: an endless writer cannot grow the simulator without limit. */
export const MAX_LINES = 5000;

export interface State {
  t: number;
  status: number;
  lines: TimedLine[];
  vars: Record<string, string>;
  discard: boolean;
  stderr: boolean;
  exitBuiltin?: true;
  uninterpreted?: true;
  ended: boolean;
  exit?: number;
  repeat?: ContainerRun['repeat'];
  /** `set -e`: a failing command ends the script (not in a condition, nor before && or ||). */
  errexit?: boolean;
  /** Inside an `if`/`while` condition, where `set -e` does not apply. */
  inCondition?: boolean;
  /** The shell running the script, as it was invoked (`bash`, `/bin/sh`): its errors start with it. */
  shell?: string;
  /** Runs a `$(...)` script in the subshell state given (interpreter.ts). */
  run(script: string, sub: State): void;
  /** A fresh state for a subshell of this one, with these variables. */
  subshell(vars: Record<string, string>): State;
}

export function print(st: State, text: string, stderr = st.stderr): void {
  if (st.discard) return;
  for (const line of text.split('\n'))
    if (st.lines.length < MAX_LINES)
      st.lines.push({ atMs: st.t, text: line, ...(stderr && { stderr: true as const }) });
}

export function fail(st: State, message: string): void {
  print(st, message, true);
  st.status = 1;
}

/** A duration as `sleep` and `timeout` take it: `5`, `1.5`, `2m`, `1h`, `1d`. */
export const DURATION = /^\d+(\.\d+)?[smhd]?$/;

export function durationMs(arg: string): number {
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[arg.at(-1) as 's'] ?? 1;
  return parseFloat(arg) * unit * 1000;
}
