import type { V1Container, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import { TranslationError, translatePod, type TranslationContext } from '../../../src/translate/index.js';

/** The translation inputs the eci unit tests use, under the names this corpus reads best with. */
import { emptyRefs, makeCtx } from '../translate/fixtures.js';

export const refs = emptyRefs;
export const ctx = makeCtx;

export function pod(spec: Partial<V1PodSpec> = {}, annotations?: Record<string, string>): V1Pod {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'uid-web', annotations },
    spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  };
}

export function withContainer(c: Partial<V1Container>, spec: Partial<V1PodSpec> = {}): V1Pod {
  return pod({ containers: [{ name: 'app', image: 'nginx', ...c }], ...spec });
}

export const annotated = (annotations: Record<string, string>, spec: Partial<V1PodSpec> = {}): V1Pod =>
  pod(spec, annotations);

/** What a translation did: the TranslationError it threw, or its warnings when it went through. */
export type Outcome =
  { error: TranslationError; warnings?: undefined } | { error?: undefined; warnings: string[] };

export function outcome(p: V1Pod, c: TranslationContext = ctx()): Outcome {
  try {
    return { warnings: translatePod(p, c).warnings };
  } catch (err) {
    if (err instanceof TranslationError) return { error: err };
    throw err;
  }
}

/** One row of a bad-input table: the input and the error a user must see (field, value, fix). */
export interface Rejection {
  field: string;
  value: string;
  fix: string | RegExp;
  reason?: 'ProviderFailed' | 'CreateContainerConfigError';
}

export function expectRejected(o: Outcome, want: Rejection): void {
  expect(o.error).toBeDefined();
  const err = o.error as TranslationError;
  expect({ field: err.field, value: err.value, reason: err.reason }).toEqual({
    field: want.field,
    value: want.value,
    reason: want.reason ?? 'ProviderFailed',
  });
  if (typeof want.fix === 'string') expect(err.fix).toContain(want.fix);
  else expect(err.fix).toMatch(want.fix);
  // The message a user reads in the Event names the field and the value.
  expect(err.message.startsWith(`${want.field}: ${want.value} `)).toBe(true);
}
