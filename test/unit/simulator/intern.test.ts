import { internLeaf, Interner, internTags } from '../../../providers/intern.js';

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

describe('internLeaf and internTags', () => {
  it('share one frozen instance per equal object of primitives, and leave any other value as it is', () => {
    const env = () => ({ Key: 'LOG_LEVEL', Value: 'info' });
    const shared = internLeaf(env());
    expect(internLeaf(env())).toBe(shared);
    expect(shared).toEqual(env());
    expect(Object.isFrozen(shared)).toBe(true);
    expect(internLeaf({ Key: 'LOG_LEVEL', Value: 'debug' })).not.toBe(shared);
    const nested = { Name: 'data', DiskVolume: { DiskSize: 40 } };
    expect(internLeaf(nested)).toBe(nested);
    expect(Object.isFrozen(nested)).toBe(false);
    const list = ['a'];
    expect(internLeaf(list)).toBe(list);
  });

  it('shares objects with Dates by their time, and never objects whose fields only print alike', () => {
    const at = (ms: number) => ({ type: 'Ready', lastTransitionTime: new Date(ms) });
    expect(internLeaf(at(1000))).toBe(internLeaf(at(1000)));
    expect(internLeaf(at(1000))).not.toBe(internLeaf(at(2000)));
    // A field's name and value after their lengths: these print alike once run together.
    const pairs: [object, object][] = [
      [{ a: 'b:c' }, { 'a:b': 'c' }],
      [{ a: '1' }, { a: 1 }],
      [{ a: null }, { a: 'null' }],
      [{ a: true }, { a: 'true' }],
      [{ a: new Date(5) }, { a: '5' }],
      [{ a: undefined }, {}],
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
    ];
    for (const [x, y] of pairs) expect(internLeaf({ ...x })).not.toBe(internLeaf({ ...y }));
  });

  it('gives equal tags one instance, an absent Value the empty one', () => {
    const [a, b] = [
      internTags([{ Key: 'ClusterName', Value: 'c1' }, { Key: 'x' }]),
      internTags([{ Key: 'ClusterName', Value: 'c1' }]),
    ];
    expect(b[0]).toBe(a[0]);
    expect(a).toEqual([
      { Key: 'ClusterName', Value: 'c1' },
      { Key: 'x', Value: '' },
    ]);
  });
});
