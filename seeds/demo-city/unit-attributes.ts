import type { Random } from './random.ts';

/**
 * User-entered attributes of districts, streets and communities that the plans check (a health
 * "six-in-one" centre, a hotline, a residents' committee …), from their own stream so adding one
 * moves nothing else in the city.
 */

/** Options of {@link drawUnitAttributes}. */
export interface UnitAttributeOptions {
  districts: number;
  streets: number;
  communities: number;
  random: Random;
}

/** Attributes per unit, in the units' order. */
export interface UnitAttributes {
  /** Added to each district's own properties (its class). */
  districts: Array<Record<string, unknown>>;
  streets: Array<Record<string, unknown>>;
  communities: Array<Record<string, unknown>>;
}

/**
 * Draws the attributes: districts first, then streets, then communities.
 *
 * @param {UnitAttributeOptions} options how many of each and the stream
 * @returns {UnitAttributes} one properties object per unit
 * @example
 * const attributes = drawUnitAttributes({ districts: 4, streets: 30, communities: 300, random: random.fork('unit-attributes') });
 */
export function drawUnitAttributes({ districts, streets, communities, random: r }: UnitAttributeOptions): UnitAttributes {
  const times = <T>(n: number, draw: () => T): T[] => Array.from({ length: n }, draw);
  return {
    districts: times(districts, () => ({ health_six_in_one: r.chance(0.6) })),
    streets: times(streets, () => ({ hotline: r.chance(0.85), advanced_sports: r.chance(0.7) })),
    communities: times(communities, () => ({
      party_org: r.chance(0.97),
      representative_council: r.chance(0.9),
      residents_committee: true,
      hotline: r.chance(0.8),
      notice_board: r.chance(0.92),
      publicity_board: r.chance(0.88),
      police_officers: r.chance(0.9) ? 1 : 0,
    })),
  };
}
