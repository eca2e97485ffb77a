import type { DecayZone } from './model.ts';
import { validateZones } from './validate.ts';

/**
 * Distance-decay zones for E2SFCA from their weights: equal-width zones of the reach (n weights →
 * bounds 1/n, 2/n, …, 1), or zones ending at the given fractions of the reach. A pair at distance d
 * from a facility of reach r falls in the first zone with d ≤ upToFraction · r.
 *
 * @param {number[]} weights weight of each zone, nearest first (finite, > 0)
 * @param {Object} [options={}] Optional parameters
 * @param {number[]} [options.upToFractions] upper bound of each zone as a fraction of the reach, increasing, ending at 1 (default: equal widths)
 * @returns {DecayZone[]} the zones
 * @example
 * decayZones([1, 0.68, 0.22]);
 * // [{ upToFraction: 1/3, weight: 1 }, { upToFraction: 2/3, weight: 0.68 }, { upToFraction: 1, weight: 0.22 }]
 * decayZones([1, 0.5], { upToFractions: [0.25, 1] });
 */
export function decayZones(weights: readonly number[], options: { upToFractions?: readonly number[] } = {}): DecayZone[] {
  // Input validation
  if (!Array.isArray(weights) || weights.length === 0) throw new Error('Invalid input to decayZones: weights must be a non-empty array of numbers');
  const bounds = options.upToFractions;
  if (bounds !== undefined && (!Array.isArray(bounds) || bounds.length !== weights.length)) {
    throw new Error(`Invalid input to decayZones: options.upToFractions must have one bound per weight (${weights.length}), got ${Array.isArray(bounds) ? bounds.length : String(bounds)}`);
  }

  const n = weights.length;
  const zones = weights.map((weight, i) => ({ upToFraction: bounds ? (bounds[i] as number) : i === n - 1 ? 1 : (i + 1) / n, weight }));
  return validateZones(zones, 'decayZones');
}
