// Repeated single comparisons (--runs): one line per round and the round that stands for them. Pure.
import { fmt, MIB, ratioWithoutAgentCpu, type PhaseReport } from './report.js';

export type Agent = 'ours' | 'kwok';

export interface Round {
  round: number;
  /** Which agent met the control plane first in this round. */
  first: Agent;
  ours: PhaseReport;
  kwok?: PhaseReport;
}

/** Round 1 runs ours first, round 2 KWOK first, and so on: neither always gets the warmer control plane. */
export function firstInRound(round: number): Agent {
  return round % 2 === 1 ? 'ours' : 'kwok';
}

/** Our all-Running time over KWOK's; undefined when KWOK was skipped. */
export function runningRatio(r: { ours: PhaseReport; kwok?: PhaseReport }): number | undefined {
  return r.kwok ? r.ours.runningSeconds / r.kwok.runningSeconds : undefined;
}

export function roundLine(r: Round): string {
  const fields: [string, string][] = [
    ['round', String(r.round)],
    ['first', r.first],
    ['ours_running_s', fmt(r.ours.runningSeconds)],
    ['kwok_running_s', fmt(r.kwok?.runningSeconds)],
    ['ratio', fmt(runningRatio(r))],
    ['peak_rss_mib', fmt(r.ours.peakRssBytes / MIB, 1)],
    ['kwok_peak_rss_mib', fmt(r.kwok && r.kwok.peakRssBytes / MIB, 1)],
    ['ours_delete_s', fmt(r.ours.deleteSeconds)],
    ['kwok_delete_s', fmt(r.kwok?.deleteSeconds)],
    ['ratio_no_agent_cpu', fmt(ratioWithoutAgentCpu(r))],
    // Each agent's own CPU until all Running: steadier from round to round than the times are.
    ['ours_agent_cpu_s', fmt(r.ours.cpuToRunning?.agent)],
    ['kwok_agent_cpu_s', fmt(r.kwok?.cpuToRunning?.agent)],
  ];
  return `ROUND ${fields.map(([k, v]) => `${k}=${v}`).join(' ')}`;
}

/**
 * The round whose ratio is the median, so the table printed is one real run, not a blend; of an
 * even count the higher of the middle two, which never flatters ours; without KWOK, by our
 * all-Running time.
 */
export function medianRound(rounds: readonly Round[]): Round {
  if (rounds.length === 0) throw new Error('no rounds to choose from');
  const key = (r: Round): number => runningRatio(r) ?? r.ours.runningSeconds;
  const sorted = [...rounds].sort((a, b) => key(a) - key(b));
  return sorted[Math.floor(sorted.length / 2)];
}

/** What the RESULT line adds after several rounds: how many, and every round's ratio in order. */
export function roundsFields(rounds: readonly Round[]): [string, string][] {
  if (rounds.length < 2) return [];
  return [
    ['runs', String(rounds.length)],
    ['ratios', rounds.map((r) => fmt(runningRatio(r))).join(',')],
  ];
}
