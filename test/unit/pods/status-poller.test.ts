import { nudgedPollDelay } from '../../../src/pods/status-poller.js';

describe('nudgedPollDelay', () => {
  const INTERVAL_MS = 1_000;

  test('a create after a quiet spell is polled for 100 ms later', () => {
    expect(nudgedPollDelay(10_000, { at: 9_000, groups: 2 }, INTERVAL_MS)).toBe(100);
    expect(nudgedPollDelay(10_000, { at: 0, groups: 0 }, INTERVAL_MS)).toBe(100);
  });

  test('during a burst, polls are spaced by the groups the last one returned', () => {
    // 800 groups: 400 ms after the last poll, which was 50 ms ago.
    expect(nudgedPollDelay(10_050, { at: 10_000, groups: 800 }, INTERVAL_MS)).toBe(350);
    // The spacing is over: still 100 ms, so nudges close together share the poll.
    expect(nudgedPollDelay(10_500, { at: 10_000, groups: 800 }, INTERVAL_MS)).toBe(100);
  });

  test('never later than the regular interval after the last poll', () => {
    expect(nudgedPollDelay(10_050, { at: 10_000, groups: 50_000 }, INTERVAL_MS)).toBe(950);
    expect(nudgedPollDelay(10_050, { at: 10_000, groups: 50_000 }, 500)).toBe(450);
  });
});
