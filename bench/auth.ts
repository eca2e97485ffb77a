/**
 * Cost of the password KDF and of a token check, with the parameters the app uses
 * (api/src/auth/passwords.ts, tokens.ts). Baseline in the same process: one SHA-256 of the same
 * password, the cost of an unprotected hash, to show what the memory-hard KDF buys an attacker.
 *
 *   npx tsx bench/auth.ts
 */
import { createHash } from 'node:crypto';
import { ARGON2_PARAMS, hashPassword, verifyPassword } from '../api/src/auth/passwords.ts';
import { median, timeAsync, time } from './lib.ts';

const RUNS = 20;
const password = 'correct horse battery staple';

const hashMs: number[] = [];
const verifyMs: number[] = [];
let phc = '';
for (let i = 0; i < RUNS; i++) {
  const [h, t] = await timeAsync(() => hashPassword(password));
  phc = h;
  hashMs.push(t);
}
for (let i = 0; i < RUNS; i++) {
  const [ok, t] = await timeAsync(() => verifyPassword(phc, password));
  if (!ok) throw new Error('verify failed');
  verifyMs.push(t);
}
const shaMs: number[] = [];
for (let i = 0; i < RUNS; i++) shaMs.push(time(() => createHash('sha256').update(password).digest())[1]);

const fmt = (x: number) => x.toFixed(3);
console.log(`Argon2id memory ${ARGON2_PARAMS.memoryCost} KiB, ${ARGON2_PARAMS.timeCost} pass, parallelism ${ARGON2_PARAMS.parallelism}; median of ${RUNS}`);
console.log(`hash   ${fmt(median(hashMs))} ms`);
console.log(`verify ${fmt(median(verifyMs))} ms`);
console.log(`sha256 baseline ${fmt(median(shaMs))} ms → verify costs ${Math.round(median(verifyMs) / median(shaMs)).toLocaleString('en')}× an unprotected hash`);
