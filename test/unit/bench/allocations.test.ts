import { renderAllocations, topAllocations, type SamplingHeapProfile } from '../../../bench/allocations.js';

const frame = (functionName: string, line = 0) => ({
  functionName,
  url: 'file:///x/dist/src/kube/rest.js',
  lineNumber: line,
});

describe('topAllocations', () => {
  it('sums what each function allocated itself over every path it was called on, garbage included', () => {
    const profile: SamplingHeapProfile = {
      head: {
        callFrame: { functionName: '(root)', url: '', lineNumber: -1 },
        selfSize: 0,
        children: [
          {
            callFrame: frame('watch', 124),
            selfSize: 3 * 2 ** 20,
            children: [{ callFrame: frame('json', 63), selfSize: 2 ** 20, children: [] }],
          },
          { callFrame: frame('json', 63), selfSize: 2 ** 20, children: [] },
          { callFrame: { functionName: '(V8 API)', url: '', lineNumber: -1 }, selfSize: 512, children: [] },
        ],
      },
    };
    const summary = topAllocations(profile, 2);
    expect(summary.total).toBe(5 * 2 ** 20 + 512);
    expect(summary.frames).toEqual([
      { frame: 'watch dist/src/kube/rest.js:125', bytes: 3 * 2 ** 20 },
      { frame: 'json dist/src/kube/rest.js:64', bytes: 2 * 2 ** 20 },
    ]);
    expect(renderAllocations(summary).split('\n')).toEqual([
      '     5.0 MiB allocated in all',
      '     3.0 MiB  watch dist/src/kube/rest.js:125',
      '     2.0 MiB  json dist/src/kube/rest.js:64',
    ]);
  });
});
