import { unsupported } from './errors.js';

/**
 * Parsers for annotation values. Each error names the annotation (as the pod field), the value and
 * the documented format, because the message ends up verbatim in the pod's Warning Event.
 */

export const annotationField = (key: string): string => `metadata.annotations[${key}]`;

export function list(raw: string): string[] {
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * ECI takes only so many entries in a list annotation; `counted` is how the error counts them, e.g.
 * `lists 6 specs`, and the cap is said from `max` so the message cannot drift from the check.
 */
export function atMost(
  raw: string,
  key: string,
  count: number,
  max: number,
  counted: string,
  fix: string,
): void {
  if (count > max)
    throw unsupported(annotationField(key), JSON.stringify(raw), `${counted}, more than ${max}`, fix);
}

export function ids(raw: string, key: string, prefix: string, max: number, example: string): string[] {
  const items = list(raw);
  const fix = `use up to ${max} comma-separated IDs, e.g. ${example}`;
  if (items.length === 0) throw unsupported(annotationField(key), JSON.stringify(raw), 'is empty', fix);
  atMost(raw, key, items.length, max, `lists ${items.length} IDs`, fix);
  const bad = items.find((s) => !new RegExp(`^${prefix}-[a-z0-9]+$`).test(s));
  if (bad !== undefined)
    throw unsupported(annotationField(key), JSON.stringify(bad), `is not a ${prefix}- ID`, fix);
  return items;
}

export function bool(raw: string, key: string): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw unsupported(annotationField(key), JSON.stringify(raw), 'is not a boolean', 'use "true" or "false"');
}

export function int(raw: string, key: string, min: number, max: number): number {
  const n = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) {
    throw unsupported(
      annotationField(key),
      JSON.stringify(raw),
      `is not a whole number from ${min} to ${max}`,
      `use a value in ${min}–${max}`,
    );
  }
  return n;
}

export function oneOf<T extends string>(raw: string, key: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw unsupported(
    annotationField(key),
    JSON.stringify(raw),
    'is not a valid value',
    `use one of ${allowed.join(', ')}`,
  );
}

/**
 * Free text that must have a documented form (`valid` judges it trimmed, which is what is sent);
 * the error says what it is not, e.g. `is not an IPv4 address`.
 */
export function formatted(
  raw: string,
  key: string,
  valid: (value: string) => boolean,
  expected: string,
  fix: string,
): string {
  const value = raw.trim();
  if (!valid(value)) throw unsupported(annotationField(key), JSON.stringify(raw), `is not ${expected}`, fix);
  return value;
}

/** An annotation that only means something next to another one (`needs: "<key>: <value>"`). */
export function requires(key: string, raw: string, present: boolean, needs: string, fix: string): void {
  if (!present)
    throw unsupported(annotationField(key), JSON.stringify(raw), `only applies with ${needs}`, fix);
}
