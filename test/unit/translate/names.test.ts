import fc from 'fast-check';
import { containerGroupName } from '../../../src/translate/index.js';

const VALID = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

function assertValid(name: string): void {
  expect(name.length).toBeGreaterThanOrEqual(2);
  expect(name.length).toBeLessThanOrEqual(128);
  expect(name).toMatch(VALID);
}

describe('containerGroupName', () => {
  test('namespace-pod when that is already a valid, unambiguous name', () => {
    expect(containerGroupName('default', 'nginx')).toBe('default-nginx');
    expect(containerGroupName('vk', 'helloworld-go-6d54c9c8dc-hkjwn')).toBe(
      'vk-helloworld-go-6d54c9c8dc-hkjwn',
    );
  });

  test('a namespace with "-" gets a hash, so a-b/c and a/b-c differ', () => {
    const x = containerGroupName('a-b', 'c');
    const y = containerGroupName('a', 'b-c');
    expect(y).toBe('a-b-c');
    expect(x).toMatch(/^a-b-c-[0-9a-f]{10}$/);
    expect(x).not.toBe(y);
  });

  test('dots and capitals are normalised, with a hash', () => {
    const name = containerGroupName('default', 'web.v1.Example');
    expect(name).toMatch(/^default-web-v1-example-[0-9a-f]{10}$/);
  });

  test('a 253-character pod name is shortened to 128 characters', () => {
    const name = containerGroupName('kube-system', 'x'.repeat(253));
    assertValid(name);
    expect(name).toHaveLength(128);
  });

  test('property: always a valid ECI name', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300 }), (ns, pod) =>
        assertValid(containerGroupName(ns, pod)),
      ),
      {
        numRuns: 2000,
      },
    );
  });

  test('property: distinct (namespace, pod) pairs get distinct names', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    const podName = fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,40}[a-z0-9])?$/);
    const pair = fc.oneof(fc.tuple(label, podName), fc.tuple(fc.string(), fc.string()));
    fc.assert(
      fc.property(
        fc.uniqueArray(pair, { minLength: 2, maxLength: 40, selector: ([a, b]) => JSON.stringify([a, b]) }),
        (pairs) => {
          const names = pairs.map(([ns, pod]) => containerGroupName(ns, pod));
          expect(new Set(names).size).toBe(pairs.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('property: moving a "-" segment between namespace and pod changes the name', () => {
    const word = fc.stringMatching(/^[a-z0-9]{1,12}$/);
    fc.assert(
      fc.property(word, word, word, (x, y, z) => {
        expect(containerGroupName(`${x}-${y}`, z)).not.toBe(containerGroupName(x, `${y}-${z}`));
      }),
    );
  });

  test('property: same input, same name (the controller re-derives it)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        (ns, pod) => containerGroupName(ns, pod) === containerGroupName(ns, pod),
      ),
    );
  });
});
