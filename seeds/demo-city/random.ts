/**
 * Seeded pseudo-random numbers for the demo-city generator.
 *
 * The generator is sfc32 ("Small Fast Counting", Chris Doty-Humphrey, public domain, from
 * PractRand), seeded through splitmix32. It passes PractRand/BigCrush for our purposes and is
 * 10 lines long. Nothing here reads Math.random or the clock, so the same seed always yields the
 * same sequence on every platform.
 *
 * `fork(label)` derives an independent stream from the same seed and a label, so one part of the
 * city (say, facilities) can draw more or fewer numbers without shifting another part (buildings).
 */

/** A seeded random stream. Every method advances the stream. */
export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform float in [minInclusive, maxExclusive). */
  float(minInclusive: number, maxExclusive: number): number;
  /** Uniform integer in [minInclusive, maxInclusive]. */
  int(minInclusive: number, maxInclusive: number): number;
  /** True with probability `probability`. */
  chance(probability: number): boolean;
  /** Normally distributed float (Box–Muller). */
  normal(mean?: number, standardDeviation?: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A shuffled copy (Fisher–Yates); the input is not mutated. */
  shuffled<T>(items: readonly T[]): T[];
  /** An independent stream derived from this stream's seed and `label`. */
  fork(label: string): Random;
}

/**
 * FNV-1a 32-bit hash of a string, used to mix labels into seeds.
 * @private
 */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * Creates a seeded random stream.
 *
 * @param {number} seed any finite number; only its integer part modulo 2^32 is used
 * @param {string} [label=''] mixed into the seed, so `createRandom(s, 'a')` and `createRandom(s, 'b')` differ
 * @returns {Random} the stream
 * @example
 * const random = createRandom(20260101);
 * random.int(1, 6); // a die roll, the same one every run
 */
export function createRandom(seed: number, label = ''): Random {
  // Input validation
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${String(seed)}`);

  const baseSeed = Math.trunc(seed) >>> 0;
  let mix = (baseSeed ^ hashLabel(label)) >>> 0;
  const splitmix32 = (): number => {
    mix = (mix + 0x9e3779b9) >>> 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let d = splitmix32();

  const sfc32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) sfc32();

  const random: Random = {
    next: sfc32,
    float: (minInclusive, maxExclusive) => minInclusive + (maxExclusive - minInclusive) * sfc32(),
    int: (minInclusive, maxInclusive) =>
      minInclusive + Math.floor(sfc32() * (maxInclusive - minInclusive + 1)),
    chance: (probability) => sfc32() < probability,
    normal: (mean = 0, standardDeviation = 1) => {
      const u = 1 - sfc32();
      const v = sfc32();
      return mean + standardDeviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick needs a non-empty array');
      return items[Math.floor(sfc32() * items.length)] as T;
    },
    shuffled: <T>(items: readonly T[]): T[] => {
      const copy = items.slice();
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(sfc32() * (i + 1));
        const swap = copy[i] as T;
        copy[i] = copy[j] as T;
        copy[j] = swap;
      }
      return copy;
    },
    fork: (childLabel) => createRandom(baseSeed, `${label}/${childLabel}`),
  };
  return random;
}
