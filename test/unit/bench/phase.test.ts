import { eventsByReason } from '../../../bench/phase.js';

describe('events by reason', () => {
  it('counts only this run pods, with the repeats an Event aggregates', () => {
    const events = [
      { reason: 'Pulled', count: 1, involvedObject: { name: 'ours-00001' } },
      { reason: 'Pulled', involvedObject: { name: 'ours-00002' } },
      { reason: 'BackOff', count: 4, involvedObject: { name: 'ours-00002' } },
      { reason: 'Pulled', count: 1, involvedObject: { name: 'cycle1-00001' } },
      { reason: 'NodeReady', count: 1, involvedObject: { name: 'virtual-kubelet-cn-hangzhou-b' } },
    ];
    expect(Object.fromEntries(eventsByReason(events, 'ours'))).toEqual({ Pulled: 2, BackOff: 4 });
  });
});
