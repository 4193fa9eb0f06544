import { loadControllerConfig, sourceOf } from '../../../src/config/index.js';
import { heapGrowthFlag } from '../../../src/controller/heap-growth.js';

const growingPercent = (env: Record<string, string>): number =>
  loadControllerConfig(sourceOf(env, new Map())).heapGrowingPercent;

describe('the heap growth the controller gives V8', () => {
  it('is 20 % unless HEAP_GROWING_PERCENT says otherwise', () => {
    expect(heapGrowthFlag(growingPercent({}), [])).toBe('--heap-growing-percent=20');
    expect(heapGrowthFlag(growingPercent({ HEAP_GROWING_PERCENT: '35' }), [])).toBe(
      '--heap-growing-percent=35',
    );
  });

  it("leaves V8's own factor for 0", () => {
    expect(heapGrowthFlag(growingPercent({ HEAP_GROWING_PERCENT: '0' }), [])).toBeUndefined();
  });

  it("leaves node's command line in charge when it sets the flag, in either spelling", () => {
    const others = ['--max-old-space-size=768', '--max-semi-space-size=8'];
    expect(heapGrowthFlag(20, [...others, '--heap-growing-percent=50'])).toBeUndefined();
    expect(heapGrowthFlag(20, ['--heap_growing_percent=10'])).toBeUndefined();
    expect(heapGrowthFlag(20, others)).toBe('--heap-growing-percent=20');
  });
});
