import { EventBacklog } from '../../../src/kube/event-backlog.js';

describe('EventBacklog', () => {
  it('hands out warnings before normal events, each class in order', () => {
    const b = new EventBacklog<string>({ qps: 0, burst: 1, capacity: 10 }, 0);
    b.push('n1', false);
    b.push('w1', true);
    b.push('n2', false);
    b.push('w2', true);
    expect([b.take(0), b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([
      'w1',
      'w2',
      'n1',
      'n2',
      undefined,
    ]);
  });

  it('drops the oldest normal event when full, and a warning only when nothing else is left', () => {
    const b = new EventBacklog<string>({ qps: 0, burst: 1, capacity: 2 }, 0);
    expect(b.push('w1', true)).toBeUndefined();
    expect(b.push('n1', false)).toBeUndefined();
    expect(b.push('n2', false)).toBe('n1');
    expect(b.push('w2', true)).toBe('n2');
    expect(b.push('w3', true)).toBe('w1');
    expect(b.size).toBe(2);
  });

  it('writes a burst at once, then at the rate', () => {
    const b = new EventBacklog<number>({ qps: 10, burst: 3, capacity: 100 }, 0);
    for (let i = 0; i < 6; i++) b.push(i, false);
    expect([b.take(0), b.take(0), b.take(0), b.take(0)]).toEqual([0, 1, 2, undefined]);
    expect(b.waitMs(0)).toBe(100);
    expect(b.take(50)).toBeUndefined();
    expect(b.take(100)).toBe(3);
    expect(b.take(1000)).toBe(4);
    expect(b.take(1000)).toBe(5);
    expect(b.waitMs(1000)).toBe(Infinity);
  });

  it('holds normal events back on request, never warnings', () => {
    const b = new EventBacklog<string>({ qps: 0, burst: 1, capacity: 10 }, 0);
    b.push('n1', false);
    expect(b.take(0, false)).toBeUndefined();
    expect(b.waitMs(0, false)).toBe(Infinity);
    expect(b.oldestNormal()).toBe('n1');
    b.push('w1', true);
    expect(b.take(0, false)).toBe('w1');
    expect(b.take(0)).toBe('n1');
    expect(b.oldestNormal()).toBeUndefined();
  });
});
