// ECI's events reach the pod with ECI's own times and count: an Event written late (normal Events
// wait out a burst) still says when it happened, and repeats a poll did not see are counted.
import { jest } from '@jest/globals';
import { eventTime } from '../../../src/kube/index.js';
import { PodLoop } from './harness.js';

jest.setTimeout(60_000);

describe('ECI event times and counts on the pod’s Events', () => {
  let loop: PodLoop;
  beforeEach(async () => {
    loop = new PodLoop();
    await loop.open();
    await loop.startController();
  });
  afterEach(() => loop.close());

  test('Pulling and BackOff keep ECI’s FirstTimestamp, LastTimestamp and Count', async () => {
    // The simulator cannot pull an image named `invalid`: it backs off and retries, as ECI does.
    loop.createPod('web', { uid: 'u-web', image: 'registry.example.com/invalid:1' });
    await loop.until('a container group', () => loop.liveGroups().length > 0);
    const id = loop.liveGroups()[0]?.id ?? '';
    await loop.advance(90_000, 1_000);
    const [group] = await loop.simulator.describeContainerGroupEvents({ ContainerGroupIds: [id] });
    const eci = (reason: string) => group?.Events.find((e) => e.Reason === reason);
    expect(eci('BackOff')?.Count).toBeGreaterThan(1);
    await loop.until(
      'the BackOff count written',
      () => loop.events('web', 'BackOff')[0]?.count === eci('BackOff')?.Count,
    );
    for (const reason of ['Pulling', 'BackOff']) {
      const [written, ...more] = loop.events('web', reason);
      expect(more).toEqual([]);
      const source = eci(reason);
      expect([written?.firstTimestamp, written?.lastTimestamp]).toEqual([
        source?.FirstTimestamp,
        source?.LastTimestamp,
      ]);
    }
    // The simulated clock ran 90 s in well under that of real time: these are ECI's times, not the
    // times the Events were written.
    const backOff = eci('BackOff');
    expect(
      Date.parse(backOff?.LastTimestamp ?? '') - Date.parse(backOff?.FirstTimestamp ?? ''),
    ).toBeGreaterThan(30_000);
  });
});

describe('eventTime', () => {
  test('keeps a time to the second, and replaces one that is not a time', () => {
    expect(eventTime('2025-01-01T00:00:03Z', 'now')).toBe('2025-01-01T00:00:03Z');
    expect(eventTime('2025-01-01T00:00:03.750Z', 'now')).toBe('2025-01-01T00:00:03Z');
    expect(eventTime('', 'now')).toBe('now');
    expect(eventTime('yesterday', 'now')).toBe('now');
  });
});
