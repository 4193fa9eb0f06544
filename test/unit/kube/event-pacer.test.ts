import { jest } from '@jest/globals';
import { EventPacer } from '../../../src/kube/index.js';

const flush = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('EventPacer: one Event budget per process', () => {
  afterEach(() => jest.useRealTimers());

  test('writes from several nodes share the burst; the rest wait, warnings first', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const pacer = new EventPacer({ qps: 1, burst: 2 });
    const written: string[] = [];
    const submit = (name: string, warning = false): void =>
      pacer.submit({ warning, write: async () => void written.push(name) });
    submit('node-b: Pulled');
    submit('node-c: Pulled');
    submit('node-d: Pulled');
    submit('node-b: Failed', true);
    await flush();
    expect(written).toEqual(['node-b: Pulled', 'node-c: Pulled']);
    jest.advanceTimersByTime(1000);
    await flush();
    expect(written).toEqual(['node-b: Pulled', 'node-c: Pulled', 'node-b: Failed']);
    jest.advanceTimersByTime(1000);
    await flush();
    expect(written.at(-1)).toBe('node-d: Pulled');
  });

  test('a write that throws is logged and does not stop the others', async () => {
    const pacer = new EventPacer({ qps: 0, burst: 0 });
    const written: string[] = [];
    pacer.submit({ warning: false, write: () => Promise.reject(new Error('boom')) });
    pacer.submit({ warning: false, write: async () => void written.push('next') });
    await flush();
    expect(written).toEqual(['next']);
  });

  test('while pods are being written, normal events wait for a quiet second; warnings do not', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const pacer = new EventPacer({ qps: 0, burst: 0 });
    const written: string[] = [];
    pacer.podsWritten();
    pacer.submit({ warning: false, write: async () => void written.push('Pulled') });
    pacer.submit({ warning: true, write: async () => void written.push('NoStock') });
    await flush();
    expect(written).toEqual(['NoStock']);
    jest.advanceTimersByTime(600);
    pacer.podsWritten();
    jest.advanceTimersByTime(600);
    await flush();
    expect(written).toEqual(['NoStock']);
    jest.advanceTimersByTime(500);
    await flush();
    expect(written).toEqual(['NoStock', 'Pulled']);
  });

  test('a normal event is held 30 s at most, however busy the pods are', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const pacer = new EventPacer({ qps: 0, burst: 0 });
    const written: string[] = [];
    pacer.podsWritten();
    pacer.submit({ warning: false, write: async () => void written.push('Started') });
    for (let t = 0; t < 29_500; t += 500) {
      jest.advanceTimersByTime(500);
      pacer.podsWritten();
    }
    await flush();
    expect(written).toEqual([]);
    jest.advanceTimersByTime(1000);
    await flush();
    expect(written).toEqual(['Started']);
  });
});
