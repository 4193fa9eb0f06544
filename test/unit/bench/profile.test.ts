import { renderProfile, topSelfTime, type CpuProfile } from '../../../bench/profile.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

const PROFILE: CpuProfile = {
  startTime: 0,
  endTime: 1_000_000, // 1 s over 100 hits: 10 ms each
  nodes: [
    { id: 1, callFrame: frame('(root)'), hitCount: 0 },
    { id: 2, callFrame: frame('(idle)'), hitCount: 50 },
    { id: 3, callFrame: frame('syncPod', 'file:///work/main/dist/src/pods/controller.js', 41), hitCount: 20 },
    { id: 4, callFrame: frame('syncPod', 'file:///work/main/dist/src/pods/controller.js', 41), hitCount: 10 },
    { id: 5, callFrame: frame('(garbage collector)'), hitCount: 15 },
    { id: 6, callFrame: frame('', 'file:///x/node_modules/yaml/dist/parse.js', 9), hitCount: 5 },
  ],
};

describe('CPU profile summary', () => {
  it('merges a function across call paths, ranks by self time and leaves idle out of the shares', () => {
    const top = topSelfTime(PROFILE, 10);
    expect(top.map((e) => e.frame)).toEqual([
      'syncPod dist/src/pods/controller.js:42',
      '(garbage collector)',
      '(anonymous) node_modules/yaml/dist/parse.js:10',
    ]);
    expect(top[0].selfMs).toBeCloseTo(300);
    expect(top[0].percent).toBeCloseTo(60); // 30 of 50 busy hits
    expect(topSelfTime(PROFILE, 1)).toHaveLength(1);
    expect(renderProfile(top.slice(0, 1))).toBe(' 60.0%      300 ms  syncPod dist/src/pods/controller.js:42');
  });

  it('is empty for a profile without samples', () => {
    expect(topSelfTime({ startTime: 0, endTime: 1, nodes: [] }, 5)).toEqual([]);
  });
});
