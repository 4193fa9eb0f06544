import { createHash, randomBytes } from 'node:crypto';

/** A seeded PRNG (mulberry32): jitter, fault injection and VSwitchRandom are reproducible per seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a stable 32-bit hash for "deterministic but varied" choices (zones, metrics). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `eci-` + 20 characters of [a-z0-9], like real container group IDs. Crypto randomness (not the
 * seeded PRNG) so a simulator reloaded from its state file never re-issues an existing ID.
 */
export function newContainerGroupId(): string {
  const bytes = pooledRandomBytes(20);
  let id = 'eci-';
  for (const b of bytes) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

/** A request ID in the shape Alibaba Cloud uses (upper-case UUID). */
export function newRequestId(): string {
  const hex = pooledRandomBytes(16).toString('hex').toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

let pool = Buffer.alloc(0);
let poolOffset = 0;

/** Crypto randomness drawn from a 4 KiB pool: one system call per ~200 IDs instead of one each. */
function pooledRandomBytes(n: number): Buffer {
  if (poolOffset + n > pool.length) {
    pool = randomBytes(4096);
    poolOffset = 0;
  }
  poolOffset += n;
  return pool.subarray(poolOffset - n, poolOffset);
}

/** A 64-hex-digit ID derived from its parts: container IDs and image digests look real and are stable. */
export function digest(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('/')).digest('hex');
}
