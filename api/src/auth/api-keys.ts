import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `lc_<12 hex id>_<43 base64url chars = 32 random bytes>`: the id names the key, the secret proves it. */
const KEY_PATTERN = /^lc_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKey {
  id: string;
  /** The whole key, to show once. */
  key: string;
  /** What is stored: hex SHA-256 of the secret part. */
  secretHash: string;
}

/** Hex SHA-256: enough for a 256-bit random secret (no dictionary to attack, unlike a password). */
export function hashKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new random key; only its hash is kept. */
export function newApiKey(): NewApiKey {
  const id = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `lc_${id}_${secret}`, secretHash: hashKeySecret(secret) };
}

/** The id and secret of a well-formed key, or undefined. */
export function parseApiKey(key: string): { id: string; secret: string } | undefined {
  const m = KEY_PATTERN.exec(key.trim());
  return m ? { id: m[1]!, secret: m[2]! } : undefined;
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashKeySecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
