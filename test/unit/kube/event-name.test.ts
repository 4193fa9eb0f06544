import { eventName } from '../../../src/kube/events.js';

describe('eventName', () => {
  test('is the kubelet recorder’s <object>.<UnixNano in hex>', () => {
    expect(eventName('web-0', Date.UTC(2026, 11, 6, 12, 0, 0, 250), 7)).toBe(
      `web-0.${(BigInt(Date.UTC(2026, 11, 6, 12, 0, 0, 250)) * 1_000_000n + 7n).toString(16)}`,
    );
  });

  test('names sort as the Events were written, within a millisecond and across one', () => {
    const t = Date.UTC(2026, 11, 6, 12, 0, 0, 999);
    const written = [eventName('web', t, 0), eventName('web', t, 1), eventName('web', t + 1, 2)];
    expect([...written].reverse().sort()).toEqual(written);
    expect(new Set(written).size).toBe(3);
  });
});
