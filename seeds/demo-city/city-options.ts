/**
 * The demo city's options and their validation: one place that says what a caller may ask for,
 * so the steps can trust their inputs.
 */

/** Options of `generateCity`. */
export interface CityOptions {
  /** Seed of the random stream. Default 20260101. */
  seed?: number;
  /** Number of communities (exact). Default 300; 30–20 000. */
  communities?: number;
  /** Mean residential buildings per community (each varies 0.375×–1.875×). Default 16; 1–500. */
  buildingsPerCommunity?: number;
  /** [lon, lat] of the city centre. Default [118.05, 36.8]. */
  center?: [number, number];
  /**
   * Mean facilities per community, all types together (e.g. 12 for benchmarks). Convenience
   * outlets absorb the difference, every other type keeps its coverage share. Default: unset,
   * outlets are 1.5 per 1 000 residents (≈ 14 facilities per community).
   */
  facilitiesPerCommunity?: number;
  /**
   * Compound lanes (kind `service`) inside every cell, this many metres apart, instead of the
   * footways: a dense network for benchmarks (≈ 100 lines per urban community at 120 m).
   * Default: unset, no lanes.
   */
  laneSpacingM?: number;
}

/** Options with their defaults filled in, checked. */
export interface ResolvedCityOptions {
  seed: number;
  communities: number;
  buildingsPerCommunity: number;
  center: [number, number];
  facilitiesPerCommunity: number | undefined;
  laneSpacingM: number | undefined;
}

const DEFAULTS = {
  seed: 20260101,
  communities: 300,
  buildingsPerCommunity: 16,
  center: [118.05, 36.8] as [number, number],
};

/**
 * Fills in the defaults and checks the ranges; throws naming the option and the value.
 *
 * @param {CityOptions} options what the caller asked for (not mutated)
 * @returns {ResolvedCityOptions} every option set
 * @example
 * resolveCityOptions({ communities: 40 }).seed; // 20260101
 */
export function resolveCityOptions(options: CityOptions): ResolvedCityOptions {
  const seed = options.seed ?? DEFAULTS.seed;
  const communities = options.communities ?? DEFAULTS.communities;
  const buildingsPerCommunity = options.buildingsPerCommunity ?? DEFAULTS.buildingsPerCommunity;
  const center = options.center ?? DEFAULTS.center;
  const { facilitiesPerCommunity, laneSpacingM } = options;
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${String(seed)}`);
  if (!Number.isInteger(communities) || communities < 30 || communities > 20_000) {
    throw new Error(`communities must be an integer 30–20000, got ${String(communities)}`);
  }
  if (!(buildingsPerCommunity >= 1 && buildingsPerCommunity <= 500)) {
    throw new Error(`buildingsPerCommunity must be 1–500, got ${String(buildingsPerCommunity)}`);
  }
  if (!Array.isArray(center) || center.length !== 2 || !(Math.abs(center[0]) <= 180) || !(Math.abs(center[1]) <= 80)) {
    throw new Error(`center must be [lon, lat] with |lon| ≤ 180 and |lat| ≤ 80, got ${JSON.stringify(center)}`);
  }
  if (facilitiesPerCommunity !== undefined && !(facilitiesPerCommunity >= 6 && facilitiesPerCommunity <= 1000)) {
    throw new Error(`facilitiesPerCommunity must be 6–1000 (the other types alone average ~6), got ${String(facilitiesPerCommunity)}`);
  }
  return { seed, communities, buildingsPerCommunity, center, facilitiesPerCommunity, laneSpacingM };
}
