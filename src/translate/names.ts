import { createHash } from 'node:crypto';

const VALID = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const MAX_LENGTH = 128;
const HASH_LENGTH = 10;

/**
 * The ECI container group name for a pod: `<namespace>-<pod>` when that is a valid name (2–128 chars of
 * [a-z0-9-], no leading/trailing '-') and cannot be confused with another pair, else the normalised,
 * shortened form plus a hash of the exact pair.
 *
 * `<ns>-<pod>` is only unambiguous when the namespace has no '-': `a-b`+`c` and `a`+`b-c` would both be
 * `a-b-c`, so such names always carry the hash.
 */
export function containerGroupName(namespace: string, podName: string): string {
  const plain = `${namespace}-${podName}`;
  if (
    namespace !== '' &&
    podName !== '' &&
    !namespace.includes('-') &&
    plain.length <= MAX_LENGTH &&
    VALID.test(plain)
  ) {
    return plain;
  }
  const hash = createHash('sha256')
    .update(JSON.stringify([namespace, podName]))
    .digest('hex')
    .slice(0, HASH_LENGTH);
  const normalised = plain
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, MAX_LENGTH - HASH_LENGTH - 1)
    .replace(/^-+|-+$/g, '');
  return normalised === '' ? hash : `${normalised}-${hash}`;
}
