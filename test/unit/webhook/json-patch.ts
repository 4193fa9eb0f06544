// RFC 6902 `add`/`replace` as the API server applies them, to check what a patched pod looks like.
import type { JsonPatchOp } from '../../../src/webhook/types.js';

function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function applyPatch<T>(doc: T, patch: readonly JsonPatchOp[]): T {
  const root = structuredClone(doc) as unknown;
  for (const op of patch) {
    const tokens = op.path.split('/').slice(1).map(unescape);
    const last = tokens.pop();
    if (last === undefined) throw new Error(`bad path ${op.path}`);
    let parent = root as Record<string, unknown> | unknown[];
    for (const token of tokens) {
      const next = Array.isArray(parent) ? parent[Number(token)] : parent[token];
      if (typeof next !== 'object' || next === null) throw new Error(`${op.path}: ${token} does not exist`);
      parent = next as Record<string, unknown> | unknown[];
    }
    const value = structuredClone(op.value);
    if (Array.isArray(parent)) {
      if (last === '-') parent.push(value);
      else if (op.op === 'add') parent.splice(Number(last), 0, value);
      else parent[Number(last)] = value;
    } else {
      if (op.op === 'replace' && !(last in parent))
        throw new Error(`${op.path}: replace of a missing member`);
      parent[last] = value;
    }
  }
  return root as T;
}
