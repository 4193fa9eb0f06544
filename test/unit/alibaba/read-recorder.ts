/**
 * What response fields code reads, found by running it rather than listed by hand. Each response body
 * the code gets is a recording Proxy that answers from the action's official SDK response model
 * (`names()`/`types()`): a field of the model gets a value of its type (objects as further recording
 * proxies, arrays as one-element arrays), a field the model lacks gets `undefined`, as the real API
 * would, and every property read is logged as a wire path (`Data[].PodStatus.Conditions[].type`).
 *
 * One run only sees the branches its answers lead to: `a ?? b` never reads `b` when `a` is there. So
 * `exploreReads` runs the code again with each field it read answered as absent (and the fields that
 * only then appear, in turn), and probes every field's type by comparing the outcome with the
 * model-typed value, without the field, and with values of the other JSON kinds.
 */

export interface ModelClass {
  names(): Record<string, string>;
  types(): Record<string, unknown>;
}

export function isModel(t: unknown): t is ModelClass {
  return typeof t === 'function' && 'names' in t && 'types' in t;
}

function isArrayType(t: unknown): t is { type: 'array'; itemType: unknown } {
  return typeof t === 'object' && t !== null && 'type' in t && t.type === 'array' && 'itemType' in t;
}

export type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** The JSON kind a model type stands for; undefined for types no response read here has. */
export function kindOf(t: unknown): Kind | undefined {
  if (t === 'string' || t === 'number' || t === 'boolean') return t;
  if (isModel(t)) return 'object';
  if (isArrayType(t)) return 'array';
  if (typeof t === 'object' && t !== null && 'type' in t && t.type === 'map') return 'object';
  return undefined;
}

/** One field of one model by its wire name: found or not, and its type. */
function field(model: ModelClass, wireName: string): { found: boolean; type: unknown } {
  const types = model.types();
  for (const [property, wire] of Object.entries(model.names())) {
    if (wire === wireName) return { found: true, type: types[property] };
  }
  return { found: false, type: undefined };
}

/** `Action path`: paths are per action, as the same name (RequestId) is another field in another model. */
export const keyOf = (action: string, path: string): string => `${action} ${path}`;

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The string a field is answered with: a distinct RFC 3339 time per path, so that time fields parse
 * (a metric's Timestamp, a group's CreationTime) and two fields never look alike.
 */
export function stringValue(path: string): string {
  return new Date(Date.UTC(2024, 0, 1) + (fnv1a(path) % 1_000_000_000) * 1000).toISOString();
}

/** A distinct positive integer per path. */
export function numberValue(path: string): number {
  return 1 + (fnv1a(path) % 100_000);
}

/** Stand-ins for a value of another kind than the model's: an object or list of anything at all. */
const ANY_OBJECT = Symbol('any object');
const ANY_ARRAY = Symbol('any array');
const KINDS: Kind[] = ['string', 'number', 'boolean', 'object', 'array'];
const OTHER_KIND: Record<Kind, unknown> = {
  string: 'no-number-no-time',
  number: 7,
  boolean: true,
  object: ANY_OBJECT,
  array: ANY_ARRAY,
};

export interface Read {
  action: string;
  path: string;
  /** Whether the action's response model has this field. */
  inModel: boolean;
  /** The model's type of the field, when it has one. */
  type: unknown;
}

/** How a run answers: fields left out, and fields given another value than the model-typed one. */
export interface Answers {
  absent: ReadonlySet<string>;
  given: ReadonlyMap<string, unknown>;
}

/** The response bodies of one run of the code, and every field read of them. */
export class ResponseRecorder {
  readonly reads = new Map<string, Read>();
  private readonly nodes = new Map<string, object[]>();
  private quiet = false;

  constructor(private readonly answers: Answers = { absent: new Set(), given: new Map() }) {}

  /** The body of one `action` response, answering from its SDK response model. */
  body(action: string, model: ModelClass): object {
    return this.node(action, '', model);
  }

  /** The recording objects made for `path` of `action` so far, in order (one per item, per call). */
  made(action: string, path: string): object[] {
    return this.nodes.get(keyOf(action, path)) ?? [];
  }

  /** Runs `fn` without recording or answering: serialising an outcome is not the code reading it. */
  quietly<T>(fn: () => T): T {
    this.quiet = true;
    try {
      return fn();
    } finally {
      this.quiet = false;
    }
  }

  /** `model` undefined: an object of a kind the model does not give the field (the type probe). */
  private node(action: string, path: string, model: ModelClass | undefined): object {
    const made = new Proxy(
      {},
      {
        get: (_target, prop) => this.get(action, path, model, prop),
        has: (_target, prop) => this.get(action, path, model, prop) !== undefined,
      },
    );
    const key = keyOf(action, path);
    this.nodes.set(key, [...(this.nodes.get(key) ?? []), made]);
    return made;
  }

  private get(action: string, path: string, model: ModelClass | undefined, prop: string | symbol): unknown {
    // Promise resolution looks up `then` on whatever an async function returns, the body included.
    if (typeof prop !== 'string' || this.quiet || prop === 'then') return undefined;
    // A parsed JSON object has Object.prototype's members (valueOf, toString...): they are no field.
    if (prop in Object.prototype) return Reflect.get(Object.prototype, prop) as unknown;
    const full = path === '' ? prop : `${path}.${prop}`;
    const key = keyOf(action, full);
    const { found, type } = model === undefined ? { found: false, type: undefined } : field(model, prop);
    if (!this.reads.has(key)) this.reads.set(key, { action, path: full, inModel: found, type });
    if (this.answers.absent.has(key)) return undefined;
    if (this.answers.given.has(key)) return this.materialise(action, full, this.answers.given.get(key));
    // Inside an object of the wrong kind anything read may matter: answer, so the outcome shows it.
    if (model === undefined) return stringValue(full);
    if (!found) return undefined;
    return this.answer(action, full, type);
  }

  private answer(action: string, path: string, type: unknown): unknown {
    if (type === 'string') return stringValue(path);
    if (type === 'number') return numberValue(path);
    if (type === 'boolean') return true;
    if (isModel(type)) return this.node(action, path, type);
    if (isArrayType(type)) return [this.answer(action, `${path}[]`, type.itemType)];
    return kindOf(type) === 'object' ? {} : undefined;
  }

  private materialise(action: string, path: string, value: unknown): unknown {
    if (value === ANY_OBJECT) return this.node(action, path, undefined);
    if (value === ANY_ARRAY) return [this.node(action, `${path}[]`, undefined)];
    return value;
  }
}

/** Runs the code under test against a recorder; resolves to what it did (its result, calls it made). */
export type Drive = (recorder: ResponseRecorder) => Promise<unknown>;

/**
 * How the code takes a field: `used` (the model-typed value changes the outcome), `consulted` (read,
 * but no value of any kind changes the outcome: a comparison with another value, a presence check),
 * or `takes <kind>` (the model's kind changes nothing and another kind does: a type mismatch).
 */
export type Verdict = 'used' | 'consulted' | `takes ${Kind}`;

export interface Finding extends Read {
  /** Undefined for a field the model lacks: there is no type to probe. */
  verdict?: Verdict;
}

/** Field reads explored from a base state deeper than this are not unfolded further. */
const MAX_ABSENT = 3;

interface Run {
  reads: Map<string, Read>;
  outcome: string;
}

async function runOnce(drive: Drive, answers: Answers): Promise<Run> {
  const recorder = new ResponseRecorder(answers);
  let outcome: unknown;
  try {
    outcome = { result: await drive(recorder) };
  } catch (err) {
    outcome = { error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
  return { reads: recorder.reads, outcome: recorder.quietly(() => JSON.stringify(outcome) ?? 'undefined') };
}

/**
 * Every field `drive` reads with `hints` given (values that decide what else is read: a tag's key,
 * an event's subject kind), with what each field's model type does to the outcome.
 */
export async function exploreReads(drive: Drive, hints: ReadonlyMap<string, unknown>): Promise<Finding[]> {
  const runs = new Map<string, Promise<Run>>();
  const run = (absent: string[], extra?: [string, unknown]): Promise<Run> => {
    const sorted = [...new Set(absent)].sort();
    const id = JSON.stringify([
      sorted,
      extra?.[0] ?? null,
      extra ? KINDS.find((k) => OTHER_KIND[k] === extra[1]) : null,
    ]);
    let pending = runs.get(id);
    if (pending === undefined) {
      const given = new Map(hints);
      if (extra) given.set(extra[0], extra[1]);
      pending = runOnce(drive, { absent: new Set(sorted), given });
      runs.set(id, pending);
    }
    return pending;
  };

  // Breadth first: the reads with everything present, then with each read field left out, then with
  // each field that only appeared that way left out as well.
  const found = new Map<string, { read: Read; absent: string[] }>();
  const queued = new Set<string>();
  const queue: { absent: string[]; seenBefore: ReadonlySet<string> }[] = [
    { absent: [], seenBefore: new Set() },
  ];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const { reads } = await run(next.absent);
    for (const [key, read] of reads) {
      if (!found.has(key)) found.set(key, { read, absent: next.absent });
      if (next.seenBefore.has(key) || next.absent.includes(key) || next.absent.length >= MAX_ABSENT) continue;
      const absent = [...next.absent, key];
      const id = JSON.stringify([...absent].sort());
      if (queued.has(id)) continue;
      queued.add(id);
      queue.push({ absent, seenBefore: new Set(reads.keys()) });
    }
  }

  const findings: Finding[] = [];
  for (const [key, { read, absent }] of found) {
    const kind = kindOf(read.type);
    if (!read.inModel || kind === undefined) {
      findings.push(read);
      continue;
    }
    const typed = (await run(absent)).outcome;
    const without = (await run([...absent, key])).outcome;
    let verdict: Verdict = typed !== without ? 'used' : 'consulted';
    if (verdict === 'consulted') {
      for (const other of KINDS.filter((k) => k !== kind)) {
        if ((await run(absent, [key, OTHER_KIND[other]])).outcome !== without) {
          verdict = `takes ${other}`;
          break;
        }
      }
    }
    findings.push({ ...read, verdict });
  }
  return findings.sort((a, b) => keyOf(a.action, a.path).localeCompare(keyOf(b.action, b.path)));
}
