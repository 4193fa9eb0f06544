import type { EciEvent } from '../../../providers/eci-api/index.js';
import { recordEvent, type NewEvent } from '../../../providers/simulator/events.js';
import { ManualClock } from '../../../providers/simulator/clock.js';
import { Scheduler } from '../../../providers/simulator/scheduler.js';
import type { Job } from '../../../providers/simulator/model.js';
import { specFor } from '../../../providers/simulator/spec.js';
import { Topology } from '../../../providers/simulator/topology.js';

describe('simulator parts', () => {
  it('deduplicates events with Count and keeps the newest 50', () => {
    let events: EciEvent[] = [];
    events = recordEvent(events, 't1', { Type: 'Warning', Reason: 'BackOff', Message: 'm', Name: 'app' });
    events = recordEvent(events, 't2', { Type: 'Normal', Reason: 'Pulled', Message: 'x', Name: 'app' });
    events = recordEvent(events, 't3', { Type: 'Warning', Reason: 'BackOff', Message: 'm', Name: 'app' });
    expect(events.map((e) => [e.Reason, e.Count, e.FirstTimestamp, e.LastTimestamp])).toEqual([
      ['Pulled', 1, 't2', 't2'],
      ['BackOff', 2, 't1', 't3'],
    ]);
    for (let i = 0; i < 60; i++)
      events = recordEvent(events, `u${i}`, { Type: 'Normal', Reason: 'R', Message: `m${i}` });
    expect(events).toHaveLength(50);
    expect(events.at(-1)?.Message).toBe('m59');
  });

  it('gives equal events of different groups one frozen instance, a repeat its own', () => {
    const pulled: NewEvent = {
      Type: 'Normal',
      Reason: 'Pulled',
      Message: 'Successfully pulled image "nginx"',
      Name: 'app',
    };
    const [a, b] = [recordEvent([], 't1', pulled), recordEvent([], 't1', pulled)];
    expect(b[0]).toBe(a[0]);
    expect(Object.isFrozen(a[0])).toBe(true);
    expect(recordEvent([], 't2', pulled)[0]).not.toBe(a[0]);
    const again = recordEvent(a, 't3', pulled);
    expect(again[0]).toEqual({ ...a[0], Count: 2, LastTimestamp: 't3' });
    expect(a[0].Count).toBe(1);
  });

  it('hands out distinct IPs per vSwitch and reuses released ones', () => {
    const topo = new Topology('cn-hangzhou', ['cn-hangzhou-b']);
    const ips = Array.from({ length: 5000 }, () => topo.allocateIp('vsw-a'));
    expect(new Set(ips).size).toBe(5000);
    const other = topo.allocateIp('vsw-b');
    expect(other).toMatch(/^192\.168\.\d+\.\d+$/);
    topo.releaseIp('vsw-a', ips[42]);
    expect(topo.allocateIp('vsw-a')).toBe(ips[42]);
  });

  it('runs due jobs in (time, order) with one timer', () => {
    const clock = new ManualClock();
    const seen: string[] = [];
    const scheduler = new Scheduler(
      clock,
      (j: Job) => seen.push(`${j.groupId}@${clock.now() - 1735689600000}`),
      () => {},
    );
    const job = (groupId: string) => ({ type: 'scheduled' as const, groupId, epoch: 0 });
    scheduler.after(300, job('c'));
    scheduler.after(100, job('a'));
    scheduler.after(100, job('b'));
    expect(clock.pendingTimers).toBe(1);
    clock.advance(1000);
    expect(seen).toEqual(['a@100', 'b@100', 'c@300']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rounds a request up to the smallest spec of the region (not a regional one for spot)', () => {
    const hangzhou = { regionId: 'cn-hangzhou' };
    expect(specFor(1.5, 3, hangzhou, 'Cpu/Memory')).toEqual({ cpu: 2, memory: 4 });
    expect(specFor(7, 13, hangzhou, 'Cpu/Memory')).toEqual({ cpu: 8, memory: 14 });
    expect(specFor(7, 13, { ...hangzhou, spot: true }, 'Cpu/Memory')).toEqual({ cpu: 8, memory: 16 });
    expect(specFor(7, 13, { regionId: 'eu-central-1' }, 'Cpu/Memory')).toEqual({ cpu: 8, memory: 16 });
    expect(specFor(0.1, 0.2, hangzhou, 'Cpu/Memory')).toEqual({ cpu: 0.25, memory: 0.5 });
    expect(() => specFor(65, 1, hangzhou, 'Cpu/Memory')).toThrow(
      'Cpu/Memory: 65 vCPU / 1 GiB is larger than any ECI spec (64 vCPU / 512 GiB).',
    );
  });
});
