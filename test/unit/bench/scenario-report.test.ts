import type { PhaseReport } from '../../../bench/report.js';
import {
  podsWithThrottlingError,
  throttledLine,
  throttleFloorSeconds,
  zonesLine,
} from '../../../bench/scenario-report.js';

function phase(over: Partial<PhaseReport>): PhaseReport {
  return {
    label: 'ours',
    pods: 300,
    runningSeconds: 4,
    deleteSeconds: 3,
    startupMs: [],
    apiWrites: new Map(),
    ownWrites: 0,
    peakRssBytes: 0,
    cpuSeconds: 0,
    ...over,
  };
}

describe('zones and throttled scenario figures', () => {
  it('zones: ours / KWOK for all-Running and all-deleted', () => {
    const line = zonesLine(
      phase({ runningSeconds: 6, deleteSeconds: 3 }),
      phase({ runningSeconds: 4, deleteSeconds: 4 }),
      3,
      2,
    );
    expect(line).toBe(
      'ZONES pods=300 zones=3 replicas=2 ours_running_s=6.00 kwok_running_s=4.00 running_ratio=1.50 ' +
        'ours_deleted_s=3.00 kwok_deleted_s=4.00 deleted_ratio=0.75',
    );
    const fast = phase({ runningSeconds: 2, deleteSeconds: 2 });
    expect(zonesLine(fast, fast, 1, 2, 2)).toMatch(
      /^ZONES pods=300 zones=1 nodes_per_zone=2 replicas=2 .*running_ratio=1\.00 /,
    );
  });

  it('throttled: the floor of N creates under burst 100, 20/s, and the time against it', () => {
    expect(throttleFloorSeconds(10_000)).toBe(495);
    expect(throttleFloorSeconds(50)).toBe(0);
    expect(throttledLine(phase({ pods: 300, runningSeconds: 10.5, deleteSeconds: 11 }), 0)).toBe(
      'THROTTLED pods=300 running_s=10.50 floor_s=10.00 vs_floor=1.05 deleted_s=11.00 pods_with_throttling_error=0',
    );
  });

  it('counts the run’s pods that showed a throttling error, once each', () => {
    const pod = (name: string, message: string) => ({ message, involvedObject: { kind: 'Pod', name } });
    expect(
      podsWithThrottlingError(
        [
          pod('throttled-00001', 'Throttling.User: Request was denied due to user flow control'),
          pod('throttled-00001', 'Throttling.User: again'),
          pod('throttled-00002', 'Created container group eci-1'),
          pod('other-00003', 'Throttling.User'),
        ],
        'throttled',
      ),
    ).toBe(1);
  });
});
