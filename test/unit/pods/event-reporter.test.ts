import type { EciEvent } from '../../../providers/eci-api/index.js';
import type { EventRecorder } from '../../../src/kube/index.js';
import { EciEventReporter } from '../../../src/pods/event-reporter.js';

function recorder(): { written: string[]; recorder: EventRecorder } {
  const written: string[] = [];
  const fake = {
    normal: (_target: unknown, reason: string, message: string) =>
      written.push(`Normal ${reason}: ${message}`),
    warning: (_target: unknown, reason: string, message: string) =>
      written.push(`Warning ${reason}: ${message}`),
  };
  return { written, recorder: fake as unknown as EventRecorder };
}

const pod = { metadata: { name: 'web', namespace: 'default', uid: 'uid-1' } };
const pulled: EciEvent = {
  Type: 'Normal',
  Reason: 'Pulled',
  Message: 'Successfully pulled image "nginx"',
  Count: 1,
  FirstTimestamp: '2026-01-02T03:04:05Z',
  LastTimestamp: '2026-01-02T03:04:05Z',
  Name: 'app',
};

describe('EciEventReporter', () => {
  it('writes each ECI event once however often a poll returns it, and again when its count grows', () => {
    const { written, recorder: events } = recorder();
    const reporter = new EciEventReporter(events);
    reporter.report(pod, [pulled]);
    reporter.report(pod, [pulled, { ...pulled, Reason: 'Started', Message: 'Started container app' }]);
    reporter.report(pod, [{ ...pulled, Count: 2, LastTimestamp: '2026-01-02T03:05:00Z' }]);
    expect(written).toEqual([
      'Normal Pulled: Successfully pulled image "nginx"',
      'Normal Started: Started container app',
      'Normal Pulled: Successfully pulled image "nginx"',
    ]);
  });

  it('tells apart events whose fields split the same characters differently', () => {
    const { written, recorder: events } = recorder();
    const reporter = new EciEventReporter(events);
    reporter.report(pod, [{ ...pulled, Reason: 'Back', Message: 'Off x' }]);
    reporter.report(pod, [{ ...pulled, Reason: 'BackOff', Message: ' x' }]);
    reporter.report(pod, [{ ...pulled, Type: 'Warning', Reason: 'Back', Message: 'Off x' }]);
    expect(written).toEqual(['Normal Back: Off x', 'Normal BackOff:  x', 'Warning Back: Off x']);
  });

  it('starts over for a pod it was told to forget', () => {
    const { written, recorder: events } = recorder();
    const reporter = new EciEventReporter(events);
    reporter.report(pod, [pulled]);
    reporter.forget('uid-1');
    reporter.report(pod, [pulled]);
    expect(written).toHaveLength(2);
  });
});
