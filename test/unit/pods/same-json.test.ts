import { sameJson } from '../../../src/pods/same-json.js';

const record = {
  ContainerGroupId: 'eci-1',
  Status: 'Running',
  ContainerGroupStatus: {
    Conditions: [{ Type: 'Ready', Status: 'True' }],
    Containers: [{ Name: 'app', RestartCount: 0, Ready: true, State: { Running: { StartedAt: 't' } } }],
  },
};
const copy = (): typeof record => JSON.parse(JSON.stringify(record)) as typeof record;

describe('sameJson', () => {
  test('a record equals a fresh copy of itself, whatever the key order', () => {
    expect(sameJson(record, copy())).toBe(true);
    const { Status, ...rest } = copy();
    expect(sameJson(record, { ...rest, Status })).toBe(true);
  });

  test('a change anywhere below makes them differ', () => {
    const restarted = copy();
    restarted.ContainerGroupStatus.Containers[0].RestartCount = 1;
    expect(sameJson(record, restarted)).toBe(false);
    const moreConditions = copy();
    moreConditions.ContainerGroupStatus.Conditions.push({ Type: 'Scheduled', Status: 'True' });
    expect(sameJson(record, moreConditions)).toBe(false);
    expect(sameJson(record, { ...copy(), Status: 'Succeeded' })).toBe(false);
  });

  test('a key on one side only, or a value of another type, differs', () => {
    expect(sameJson(record, { ...copy(), ExpiredTime: 't' })).toBe(false);
    expect(sameJson({ ...copy(), ExpiredTime: 't' }, record)).toBe(false);
    expect(sameJson({ a: [] }, { a: {} })).toBe(false);
    expect(sameJson({ a: null }, { a: {} })).toBe(false);
    expect(sameJson({ a: 1 }, { a: '1' })).toBe(false);
    expect(sameJson({ a: undefined }, {})).toBe(false);
  });
});
