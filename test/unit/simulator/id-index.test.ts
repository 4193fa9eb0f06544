import { IdIndex } from '../../../providers/id-index.js';

describe('IdIndex', () => {
  it('names the IDs of a key as they are added and removed, one, two or none', () => {
    const index = new IdIndex();
    const ids = (key: string) => [...index.get(key)];
    expect(ids('web')).toEqual([]);
    index.add('web', 'eci-1');
    index.add('web', 'eci-1');
    expect([ids('web'), index.count('web')]).toEqual([['eci-1'], 1]);
    index.add('web', 'eci-2');
    index.add('web', 'eci-3');
    expect([ids('web'), index.count('web')]).toEqual([['eci-1', 'eci-2', 'eci-3'], 3]);
    index.remove('web', 'eci-2');
    index.remove('web', 'eci-1');
    expect([ids('web'), index.count('web')]).toEqual([['eci-3'], 1]);
    index.add('web', 'eci-4');
    expect(ids('web')).toEqual(['eci-3', 'eci-4']);
    index.remove('web', 'eci-9');
    index.remove('web', 'eci-3');
    index.remove('web', 'eci-4');
    expect([ids('web'), index.count('web')]).toEqual([[], 0]);
    index.remove('db', 'eci-1');
    expect(ids('db')).toEqual([]);
  });
});
