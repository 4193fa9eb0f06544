import { labelValueProblem, qualifiedNameProblem } from './labels.js';
import type { MatchLabels, ProfileError, Selector, SelectorEffect } from './types.js';

/** One entry of the `selectors` array: the parsed selector, or only its position and name when rejected. */
export interface SelectorSlot {
  index: number;
  name?: string;
  selector?: Selector;
}

export interface ParsedSelectors {
  slots: SelectorSlot[];
  errors: ProfileError[];
  /** The whole key is unusable (bad JSON, not an array): nothing in it can be trusted. */
  unusable: boolean;
}

const EXAMPLE = '[{"name":"s1","objectSelector":{"matchLabels":{"app":"web"}}}]';
const SELECTOR_FIELDS = ['name', 'namespaceSelector', 'objectSelector', 'effect'];

type Problem = (field: string, message: string) => void;

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A `{key: "value"}` map; `checkValue` adds label-value syntax for labels. */
function parseStringMap(
  raw: unknown,
  field: string,
  problem: Problem,
  checkValue: boolean,
): Record<string, string> | undefined {
  if (!isObject(raw)) {
    problem(field, `must be an object of string values, got ${show(raw)}: write it as {"key": "value"}`);
    return undefined;
  }
  const out: Record<string, string> = {};
  let ok = true;
  for (const [key, value] of Object.entries(raw)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem !== undefined) {
      problem(`${field}["${key}"]`, `is not a valid key: ${keyProblem}`);
      ok = false;
    } else if (typeof value !== 'string') {
      problem(
        `${field}["${key}"]`,
        `must be a string, got ${show(value)}: quote it, e.g. "${key}": "${String(value)}"`,
      );
      ok = false;
    } else if (checkValue && labelValueProblem(value) !== undefined) {
      problem(
        `${field}["${key}"]`,
        `has value ${show(value)}, which is not valid: ${labelValueProblem(value)}`,
      );
      ok = false;
    } else {
      out[key] = value;
    }
  }
  return ok ? out : undefined;
}

function parseMatchLabels(raw: unknown, field: string, problem: Problem): MatchLabels | undefined {
  if (!isObject(raw)) {
    problem(field, `must be an object like {"matchLabels": {"key": "value"}}, got ${show(raw)}`);
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (key === 'matchLabels') continue;
    ok = false;
    // Ignoring matchExpressions would widen the selector and move pods nobody meant to move.
    problem(`${field}.${key}`, `is not supported by eci-profile: express the selector with matchLabels only`);
  }
  const matchLabels = parseStringMap(raw.matchLabels ?? {}, `${field}.matchLabels`, problem, true);
  return ok && matchLabels !== undefined ? { matchLabels } : undefined;
}

function parseEffect(raw: unknown, problem: Problem): SelectorEffect | undefined {
  if (!isObject(raw)) {
    problem('effect', `must be an object like {"annotations": {...}, "labels": {...}}, got ${show(raw)}`);
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (key !== 'annotations' && key !== 'labels') {
      ok = false;
      problem(`effect.${key}`, 'is not a known field: an effect has only "annotations" and "labels"');
    }
  }
  const annotations = parseStringMap(raw.annotations ?? {}, 'effect.annotations', problem, false);
  const labels = parseStringMap(raw.labels ?? {}, 'effect.labels', problem, true);
  return ok && annotations !== undefined && labels !== undefined ? { annotations, labels } : undefined;
}

function parseSelector(
  raw: unknown,
  index: number,
  firstIndexByName: Map<string, number>,
): SelectorSlot & { errors: ProfileError[] } {
  const errors: ProfileError[] = [];
  const name = isObject(raw) && typeof raw.name === 'string' && raw.name.trim() !== '' ? raw.name : undefined;
  const where = `eci-profile selectors[${index}]${name === undefined ? ' (no name)' : ` "${name}"`}`;
  const problem: Problem = (field, message) =>
    errors.push({
      key: 'selectors',
      selector: { index, name },
      field,
      message: `${where}: ${field} ${message}`,
    });

  if (!isObject(raw)) {
    problem('(entry)', `must be an object like ${EXAMPLE.slice(1, -1)}, got ${show(raw)}`);
    return { index, errors };
  }
  if (name === undefined) {
    problem(
      'name',
      `is required and must be a non-empty string, got ${show(raw.name)}: add "name": "my-selector"`,
    );
  } else if (firstIndexByName.has(name)) {
    problem(
      'name',
      `is already used by selectors[${firstIndexByName.get(name)}]: give each selector its own name`,
    );
  } else {
    firstIndexByName.set(name, index);
  }
  for (const key of Object.keys(raw)) {
    if (!SELECTOR_FIELDS.includes(key)) {
      problem(key, `is not a known field: a selector has only ${SELECTOR_FIELDS.join(', ')}`);
    }
  }
  const selector: Selector = { name: name ?? '' };
  if (raw.namespaceSelector !== undefined) {
    selector.namespaceSelector = parseMatchLabels(raw.namespaceSelector, 'namespaceSelector', problem);
  }
  if (raw.objectSelector !== undefined) {
    selector.objectSelector = parseMatchLabels(raw.objectSelector, 'objectSelector', problem);
  }
  if (raw.namespaceSelector === undefined && raw.objectSelector === undefined) {
    problem(
      'namespaceSelector/objectSelector',
      'are both missing: set at least one of them with matchLabels',
    );
  } else if (
    errors.length === 0 &&
    Object.keys(selector.namespaceSelector?.matchLabels ?? {}).length === 0 &&
    Object.keys(selector.objectSelector?.matchLabels ?? {}).length === 0
  ) {
    problem(
      'namespaceSelector/objectSelector',
      'have no labels, so this selector would move every pod: add matchLabels',
    );
  }
  if (raw.effect !== undefined) selector.effect = parseEffect(raw.effect, problem);
  return errors.length === 0 ? { index, name, selector, errors } : { index, name, errors };
}

/** Parse the `selectors` data key: bad entries are reported and left out, good ones next to them kept. */
export function parseSelectors(json: string): ParsedSelectors {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const message = `eci-profile selectors is not valid JSON (${reason}): fix the syntax; it must be a JSON array such as ${EXAMPLE}`;
    return { slots: [], errors: [{ key: 'selectors', field: 'selectors', message }], unusable: true };
  }
  if (!Array.isArray(raw)) {
    const message = `eci-profile selectors must be a JSON array, got ${show(raw)}: wrap the selectors in [ ], e.g. ${EXAMPLE}`;
    return { slots: [], errors: [{ key: 'selectors', field: 'selectors', message }], unusable: true };
  }
  const firstIndexByName = new Map<string, number>();
  const slots: SelectorSlot[] = [];
  const errors: ProfileError[] = [];
  raw.forEach((entry: unknown, index) => {
    const { errors: entryErrors, ...slot } = parseSelector(entry, index, firstIndexByName);
    slots.push(slot);
    errors.push(...entryErrors);
  });
  return { slots, errors, unusable: false };
}
