/**
 * The OpenAPI parameter unflattening (providers/simulator/openapi/unflatten.ts) and the typed reads
 * on its result (params.ts) on arbitrary key/value maps: they never throw anything but ApiError (a
 * 4xx naming the parameter), whatever a client sends.
 */
import fc from 'fast-check';
import { ApiError } from '../../../providers/simulator/openapi/errors.js';
import {
  optBoolean,
  optClientToken,
  optJsonStringList,
  optNumber,
  optString,
  optTags,
} from '../../../providers/simulator/openapi/params.js';
import { ACTION_SCHEMAS } from '../../../providers/simulator/openapi/schema.js';
import { unflatten, type WireObject } from '../../../providers/simulator/openapi/unflatten.js';
import { checkContainers } from '../../../providers/simulator/openapi/actions/common.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

const wireNames = [...new Set(Object.values(ACTION_SCHEMAS).flatMap((s) => Object.keys(s.fields)))];
const segment = fc.oneof(
  { arbitrary: fc.constantFrom(...wireNames, 'Name', 'Image', 'Port', 'Key', 'Value', 'Cpu'), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 30 }).map(String), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      '',
      '0',
      '01',
      '-1',
      '1.5',
      'constructor',
      '__proto__',
      'toString',
      'fields',
      'list',
    ),
    weight: 1,
  },
  { arbitrary: fc.string({ maxLength: 6 }), weight: 1 },
);
const key = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => s.join('.'));
const value = fc.oneof(
  fc.constantFrom(
    '',
    '1',
    '-2',
    '0.5',
    '1e3',
    'true',
    'False',
    'NaN',
    '["eci-a"]',
    '[1]',
    '{}',
    'x'.repeat(80),
  ),
  fc.string({ maxLength: 12 }),
);
const pairs = fc.array(fc.tuple(key, value), { maxLength: 12 });
const action = fc.constantFrom(...Object.keys(ACTION_SCHEMAS), 'Unknown');

/** The typed reads every handler does on the result; each may refuse, only with ApiError. */
function readAll(p: WireObject): void {
  const reads: (() => unknown)[] = [
    () => optString(p, 'RegionId'),
    () => optNumber(p, 'Cpu', { min: 0 }),
    () => optNumber(p, 'Limit', { min: 1, max: 20 }),
    () => optBoolean(p, 'AutoCreateEip'),
    () => optJsonStringList(p, 'ContainerGroupIds', 20),
    () => optTags(p),
    () => optClientToken(p),
    () => checkContainers(p, 'Container', false),
    () => checkContainers(p, 'InitContainer', false),
  ];
  for (const read of reads) {
    try {
      read();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      expect(err.status).toBe(400);
    }
  }
}

describe('OpenAPI parameter unflattening on arbitrary input', () => {
  it('throws only ApiError (400) and its result survives every typed read', () => {
    let unflattened = 0;
    fc.assert(
      fc.property(pairs, action, (input, name) => {
        let params: WireObject;
        try {
          params = unflatten(input, ACTION_SCHEMAS[name]);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          expect(err.status).toBe(400);
          expect(err.message).toMatch(/^The parameter /);
          return;
        }
        unflattened++;
        readAll(params);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(unflattened).toBeGreaterThan(RUNS / 10);
  });

  // Found by the property above: a segment named like an Object.prototype member reads the schema's
  // prototype instead of "no such field" (schema.fields[k] without an own-property check).
  test.each([['constructor.x'], ['Container.1.__proto__.x']])(
    '%s=1 is an ApiError or an unknown parameter, not a TypeError',
    (k) => {
      let outcome: string;
      try {
        unflatten([[k, '1']], ACTION_SCHEMAS.CreateContainerGroup);
        outcome = 'ok';
      } catch (err) {
        outcome = err instanceof ApiError ? 'ApiError' : `${(err as Error).name}: ${(err as Error).message}`;
      }
      expect(['ok', 'ApiError']).toContain(outcome);
    },
  );
});
