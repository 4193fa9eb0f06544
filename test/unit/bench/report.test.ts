import {
  agentWritesPerPod,
  fmt,
  percentile,
  renderTable,
  resultLine,
  type BenchReport,
  type PhaseReport,
} from '../../../bench/report.js';

const MIB = 1024 * 1024;

function phase(label: string, over: Partial<PhaseReport> = {}): PhaseReport {
  return {
    label,
    pods: 100,
    runningSeconds: 4,
    deleteSeconds: 3,
    startupMs: Array.from({ length: 100 }, (_, i) => i + 1),
    apiWrites: new Map([
      ['POST pods', 100],
      ['DELETE pods', 200],
      ['PATCH pods/status', 150],
    ]),
    ownWrites: 200,
    peakRssBytes: 80 * MIB,
    cpuSeconds: 2.5,
    ...over,
  };
}

describe('percentile', () => {
  it('is the nearest rank of an ascending list', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile(xs, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('agent writes per pod', () => {
  it('leaves out the benchmark own creates and deletes', () => {
    // 450 writes, 200 by the benchmark: the agent did 250 for 100 pods.
    expect(agentWritesPerPod(phase('ours'))).toBe(2.5);
  });
});

describe('fmt', () => {
  it('rounds and says NA for what was not measured', () => {
    expect(fmt(1.23456)).toBe('1.23');
    expect(fmt(2)).toBe('2');
    expect(fmt(12.5, 0)).toBe('13');
    expect(fmt(undefined)).toBe('NA');
    expect(fmt(Infinity)).toBe('NA');
  });
});

describe('RESULT line', () => {
  it('carries every key, in order, with the ratio of the Running times', () => {
    const report: BenchReport = {
      ours: phase('ours', {
        backendCalls: new Map([
          ['CreateContainerGroup', 100],
          ['DeleteContainerGroup', 100],
          ['DescribeContainerGroupStatus', 5],
        ]),
        // 8 CPU-s in 4 s, 2 of them the agent's: with no agent CPU, 6 CPU-s, so 3 s against KWOK's 2.
        cpuToRunning: { agent: 2, controlPlane: 5, benchmark: 1 },
      }),
      kwok: phase('kwok', { runningSeconds: 2, deleteSeconds: 1.5 }),
      cycles: [],
    };
    expect(resultLine(report)).toBe(
      'RESULT pods=100 ours_running_s=4 kwok_running_s=2 ratio=2 p99_startup_ms=99 writes_per_pod=2.5 ' +
        'backend_calls_per_pod=2.05 peak_rss_mib=80 kwok_peak_rss_mib=80 ours_delete_s=3 kwok_delete_s=1.5 ratio_no_agent_cpu=1.5',
    );
  });

  it('says NA for the KWOK figures when KWOK was skipped', () => {
    const line = resultLine({ ours: phase('ours'), cycles: [] });
    expect(line).toContain('kwok_running_s=NA ratio=NA');
    expect(line).toContain('kwok_delete_s=NA');
    expect(line).toContain('kwok_peak_rss_mib=NA');
    expect(line).toContain('backend_calls_per_pod=NA');
    expect(line.split('\n')).toHaveLength(1);
  });

  it('ends with the repeated runs fields when given', () => {
    const line = resultLine({ ours: phase('ours'), cycles: [] }, [['runs', '3']]);
    expect(line.endsWith('kwok_delete_s=NA ratio_no_agent_cpu=NA runs=3')).toBe(true);
  });
});

describe('table', () => {
  it('shows both runs side by side, per-verb writes, cycles and the admission figures', () => {
    const text = renderTable({
      ours: phase('ours', {
        backendCalls: new Map([['CreateContainerGroup', 100]]),
        eventsByReason: new Map([['Started', 100]]),
        cpuToRunning: { agent: 2, controlPlane: 5, benchmark: 1 },
      }),
      kwok: phase('kwok', { apiWrites: new Map([['PATCH pods/status', 100]]), ownWrites: 0 }),
      cycles: [{ cycle: 1, rssBytes: 90 * MIB, heapUsedBytes: 30 * MIB }],
      admission: { p50Ms: 1.234, p99Ms: 5.5, rps: 1500 },
    });
    const row = (label: string): string[] => {
      const line = text.split('\n').find((l) => l.trimStart().startsWith(label));
      if (!line) throw new Error(`no row ${label} in\n${text}`);
      return line.trim().split(/\s{2,}/);
    };
    expect(row('startup p99 (ms)')).toEqual(['startup p99 (ms)', '99', '99']);
    expect(row('PATCH pods/status per pod')).toEqual(['PATCH pods/status per pod', '1.5', '1']);
    expect(row('POST pods per pod')).toEqual(['POST pods per pod', '1', '0']);
    expect(row('CreateContainerGroup per pod')).toEqual(['CreateContainerGroup per pod', '1', '-']);
    expect(row('event Started per pod')).toEqual(['event Started per pod', '1', '0']);
    expect(row('peak RSS (MiB)')).toEqual(['peak RSS (MiB)', '80', '80']);
    expect(row('CPU until all Running (s)')).toEqual(['CPU until all Running (s)', '8', 'NA']);
    expect(row('by the agent')).toEqual(['by the agent', '2', 'NA']);
    expect(row('cores busy')).toEqual(['cores busy', '2', 'NA']);
    expect(row('all Running with no agent CPU (s, est.)')).toEqual([
      'all Running with no agent CPU (s, est.)',
      '3',
      'NA',
    ]);
    expect(text).toContain('cycle 1: RSS 90 MiB  live heap after GC 30 MiB');
    expect(text).toContain('admission webhook: p50 1.23 ms  p99 5.5 ms  1500 reviews/s');
  });

  it('shows the reads per pod, with a row for each read that reached 0.01 a pod beside either agent', () => {
    const text = renderTable({
      ours: phase('ours', {
        pods: 1000,
        apiReads: new Map([
          ['GET pods', 1000],
          ['LIST limitranges', 9],
        ]),
      }),
      kwok: phase('kwok', { pods: 1000, apiReads: new Map([['GET leases', 40]]) }),
      cycles: [],
    });
    const lines = text.split('\n').map((l) => l.trim().split(/\s{2,}/));
    const first = lines.findIndex((l) => l[0] === 'API reads per pod (GET, LIST; any client)');
    expect(lines.slice(first, first + 4)).toEqual([
      ['API reads per pod (GET, LIST; any client)', '1.01', '0.04'],
      ['GET leases per pod', '0', '0.04'],
      ['GET pods per pod', '1', '0'],
      ['ECI backend calls per pod', 'NA', 'NA'],
    ]);
  });
});
