import * as k8s from '@kubernetes/client-node';

interface Attribute {
  name: string;
  baseName: string;
  type: string;
}

interface Model {
  getAttributeTypeMap(): Attribute[];
}

/** Where the Date fields of a model are: a field name maps to `true` (a date) or to the subtree below it. */
type DateTree = Map<string, true | DateTree>;

const trees = new Map<string, DateTree | undefined>();

function modelOf(type: string): Model | undefined {
  const candidate = (k8s as unknown as Record<string, unknown>)[type];
  return typeof candidate === 'function' && 'getAttributeTypeMap' in candidate
    ? (candidate as unknown as Model)
    : undefined;
}

/** `Array<X>`, `{ [key: string]: X; }` and `X | undefined` all hold an X. */
function elementType(type: string): string {
  return type
    .replace(/ \| (null|undefined)$/, '')
    .replace(/^Array<(.*)>$/, '$1')
    .replace(/^\{ \[key: string\]: (.*); \}$/, '$1');
}

/** The Date fields under `type`, from client-node's own type map; undefined when there are none. */
function dateTree(type: string): DateTree | undefined {
  if (trees.has(type)) return trees.get(type);
  trees.set(type, undefined); // recursive models (JSONSchemaProps) end here
  const model = modelOf(type);
  if (model === undefined) return undefined;
  const tree: DateTree = new Map();
  for (const attribute of model.getAttributeTypeMap()) {
    const inner = elementType(attribute.type);
    if (inner === 'Date') tree.set(attribute.baseName, true);
    else {
      const below = dateTree(inner);
      if (below !== undefined) tree.set(attribute.baseName, below);
    }
  }
  const result = tree.size > 0 ? tree : undefined;
  trees.set(type, result);
  return result;
}

function reviveIn(value: unknown, tree: DateTree): void {
  if (Array.isArray(value)) {
    for (const item of value) reviveIn(item, tree);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const obj = value as Record<string, unknown>;
  for (const [field, below] of tree) {
    const inner = obj[field];
    if (inner === undefined || inner === null) continue;
    if (below === true) {
      if (typeof inner === 'string') obj[field] = new Date(inner);
    } else reviveIn(inner, below);
  }
}

/**
 * Turns a parsed JSON object of `kind` (e.g. `V1Pod`) into the client-node type in place: the
 * timestamps become Dates, as ObjectSerializer would make them, and nothing else is touched. The
 * object stays a plain one: ObjectSerializer's class instances carry a slot for every field the
 * schema knows, which made the 10,000-pod cache several times larger than the JSON it came from.
 * Only models whose field names match the JSON's (pods, config maps, namespaces) may use this.
 */
export function reviverFor<T>(kind: string): (raw: unknown) => T {
  if (modelOf(kind) === undefined) throw new Error(`no client-node model named ${kind}`);
  const tree = dateTree(kind);
  return (raw) => {
    if (tree !== undefined) reviveIn(raw, tree);
    return raw as T;
  };
}
