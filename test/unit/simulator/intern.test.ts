import { Interner } from '../../../providers/intern.js';

describe('Interner', () => {
  it('returns the first instance for every later equal key', () => {
    const made: string[] = [];
    const boxes = new Interner((key) => {
      made.push(key);
      return { key };
    });
    const first = boxes.get('nginx');
    expect(boxes.get(['ng', 'inx'].join(''))).toBe(first);
    expect(made).toEqual(['nginx']);
  });

  it('keeps a value seen in every generation and forgets one seen once', () => {
    let made = 0;
    const boxes = new Interner((key) => ({ key, n: made++ }), 4);
    const repeated = boxes.get('image');
    const once = boxes.get('uid-0');
    // Three generations of other keys, with the repeated value seen in each.
    for (let i = 1; i <= 9; i++) {
      boxes.get(`uid-${i}`);
      if (i % 3 === 0) expect(boxes.get('image')).toBe(repeated);
    }
    expect(boxes.get('uid-0')).not.toBe(once);
    expect(boxes.get('uid-0')).toEqual({ key: 'uid-0', n: made - 1 });
  });
});
