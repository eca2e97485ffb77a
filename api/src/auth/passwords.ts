import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { InputError } from '../services/errors.ts';

/**
 * Argon2id parameters: OWASP's first recommended set (46 MiB, 1 pass, 1 lane), ~20 ms per hash on one core.
 * Memory-hard, so a stolen hash costs an attacker memory per guess, not just GPU time.
 */
export const ARGON2_PARAMS: Readonly<Options> = Object.freeze({ algorithm: 2 as Algorithm /* Argon2id */, memoryCost: 47_104, timeCost: 1, parallelism: 1 });

export const PASSWORD_MIN_LENGTH = 10;
// Long inputs cost Argon2 nothing much, but a cap keeps a login body small and obviously bounded.
export const PASSWORD_MAX_LENGTH = 256;

/** Throws InputError('password', …) unless the password is 10–256 characters and not all one character. */
export function checkPasswordPolicy(password: unknown, field = 'password'): string {
  if (typeof password !== 'string') throw new InputError(field, 'must be a string');
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw new InputError(field, `must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters, got ${length}`);
  }
  if (new Set(password).size === 1) throw new InputError(field, 'must not repeat one character');
  return password;
}

/** The PHC string (`$argon2id$v=19$m=47104,t=1,p=1$salt$hash`) of a password, with a fresh random salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

// A hash of a password no one knows: verifying against it makes an unknown user cost as much as a
// known one, so response time does not tell which names exist.
let decoy: Promise<string> | undefined;

/** True when `password` matches `phc`; with `phc` null (no such user), burns the same time and says false. */
export async function verifyPassword(phc: string | null, password: string): Promise<boolean> {
  if (phc === null) {
    decoy ??= hashPassword('decoy password that matches nothing');
    await verify(await decoy, password);
    return false;
  }
  try {
    return await verify(phc, password);
  } catch {
    return false; // a malformed stored hash never logs anyone in
  }
}
