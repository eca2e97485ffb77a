import type { CoveredCounts } from './model.ts';

/** The counts that add up over communities (`rate` is derived, never summed). */
export const SUMMED_COUNTS = ['households', 'households_covered', 'population', 'population_covered', 'elderly', 'elderly_covered'] as const;

type Summed = Pick<CoveredCounts, (typeof SUMMED_COUNTS)[number]>;

/**
 * Adds `source`'s households, residents and elderly (each with its covered part) to `target`, in place.
 * @param {Summed} target the sums so far (changed)
 * @param {Summed} source a community row or a unit
 * @example
 * for (const row of rows) addCoveredCounts(totals, row);
 */
export function addCoveredCounts(target: Summed, source: Summed): void {
  for (const key of SUMMED_COUNTS) target[key] += source[key];
}
