import { compareCodeUnits } from '../../../providers/code-units.js';

describe('compareCodeUnits', () => {
  it('orders by UTF-16 code units, upper case before lower, whatever the locale', () => {
    expect(['b', 'a', 'Z', 'é', 'ab', ''].sort(compareCodeUnits)).toEqual(['', 'Z', 'a', 'ab', 'b', 'é']);
  });

  it('is 0 only for equal strings and antisymmetric otherwise', () => {
    expect(compareCodeUnits('Ready', 'Ready')).toBe(0);
    expect(compareCodeUnits('Initialized', 'Ready')).toBe(-1);
    expect(compareCodeUnits('Ready', 'Initialized')).toBe(1);
  });
});
