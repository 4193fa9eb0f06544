import type { PhaseReport } from '../../../bench/report.js';
import { firstInRound, medianRound, roundLine, roundsFields, type Round } from '../../../bench/rounds.js';

const MIB = 1024 * 1024;

function phase(label: string, runningSeconds: number, peakRssMib = 100): PhaseReport {
  return {
    label,
    pods: 1000,
    runningSeconds,
    deleteSeconds: runningSeconds + 1,
    startupMs: [],
    apiWrites: new Map(),
    ownWrites: 0,
    peakRssBytes: peakRssMib * MIB,
    cpuSeconds: 1,
  };
}

const round = (n: number, ours: number, kwok?: number): Round => ({
  round: n,
  first: firstInRound(n),
  ours: phase('ours', ours, 150),
  kwok: kwok === undefined ? undefined : phase('kwok', kwok, 70),
});

describe('repeated runs', () => {
  it('alternate which agent goes first, ours in the first round', () => {
    expect([1, 2, 3, 4].map(firstInRound)).toEqual(['ours', 'kwok', 'ours', 'kwok']);
  });

  it('print a ROUND line with both agents figures and the ratio', () => {
    expect(roundLine(round(2, 3.3, 3))).toBe(
      'ROUND round=2 first=kwok ours_running_s=3.3 kwok_running_s=3 ratio=1.1 peak_rss_mib=150 ' +
        'kwok_peak_rss_mib=70 ours_delete_s=4.3 kwok_delete_s=4 ratio_no_agent_cpu=NA ' +
        'ours_agent_cpu_s=NA kwok_agent_cpu_s=NA',
    );
    const cpu = { agent: 1.25, controlPlane: 5, benchmark: 0.5 };
    const measured: Round = { ...round(3, 3.3, 3), ours: { ...phase('ours', 3.3), cpuToRunning: cpu } };
    expect(roundLine(measured)).toContain('ours_agent_cpu_s=1.25 kwok_agent_cpu_s=NA');
    expect(roundLine(round(1, 3))).toContain('kwok_running_s=NA ratio=NA');
  });

  it('stand for themselves by the round with the median ratio, the higher middle of an even count', () => {
    const rounds = [round(1, 3.6, 3), round(2, 3, 3), round(3, 3.3, 3)];
    expect(medianRound(rounds).round).toBe(3);
    expect(medianRound([...rounds, round(4, 2.7, 3)]).round).toBe(3);
    expect(medianRound([...rounds, round(4, 3.9, 3)]).round).toBe(1);
    expect(medianRound([round(1, 5), round(2, 4), round(3, 6)]).round).toBe(1);
    expect(() => medianRound([])).toThrow('no rounds');
  });

  it('add runs and every ratio in round order to the RESULT line, nothing for one round', () => {
    expect(roundsFields([round(1, 3.6, 3), round(2, 3, 3)])).toEqual([
      ['runs', '2'],
      ['ratios', '1.2,1'],
    ]);
    expect(roundsFields([round(1, 3.6, 3)])).toEqual([]);
  });
});
