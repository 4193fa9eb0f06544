import { compact } from '../../../src/translate/compact.js';

describe('compact', () => {
  it('drops undefined fields at any depth and keeps null, false, 0, empty text and Dates', () => {
    const when = new Date('2026-01-02T03:04:05Z');
    const input = {
      a: undefined,
      b: null,
      c: { d: undefined, e: [{ f: undefined, g: 0 }, 'x'], h: false, i: '' },
      when,
    };
    expect(compact(input)).toStrictEqual({ b: null, c: { e: [{ g: 0 }, 'x'], h: false, i: '' }, when });
  });

  it('returns a copy: changing it leaves the input as it was', () => {
    const input = { spec: { containers: [{ name: 'app' }] } };
    const out = compact(input);
    out.spec.containers[0].name = 'changed';
    expect(input.spec.containers[0].name).toBe('app');
  });

  it('copies own fields only', () => {
    const inherited = Object.assign(Object.create({ fromPrototype: 1 }) as object, { own: 2 });
    expect(compact(inherited)).toStrictEqual({ own: 2 });
  });
});
