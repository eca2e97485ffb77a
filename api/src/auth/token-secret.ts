import { randomBytes } from 'node:crypto';

/**
 * The configured secret's bytes, or 32 random ones with a warning: tokens then die on restart and
 * are not shared between processes. There is never a built-in secret.
 */
export function tokenSecretBytes(configured: string | undefined, log: { warn: (msg: string) => void }): Uint8Array {
  if (configured !== undefined) return new Uint8Array(Buffer.from(configured, 'utf8'));
  log.warn('LIFECIRCLE_TOKEN_SECRET is not set: using a random token secret for this process (logins end when it restarts; set it for several processes or restarts)');
  return new Uint8Array(randomBytes(32));
}
