/** A plan's ratio target: at least `value` units of supply per `per` units of demand. */
export interface RatioTarget {
  value: number;
  /** Demand the value refers to (10 000 for "2 GPs per 10 000 residents", 100 for "1.5 % of the elderly"). Default 1. */
  per?: number;
}

/** A unit compared with a ratio target. */
export interface RatioTargetRow {
  /** ratio × per (e.g. GPs per 10 000 residents); null when the unit has no demand. */
  ratio_per: number | null;
  /** ratio_per ≥ target (relative tolerance 1e-9, so 2 per 10 000 written as 0.0002 passes); null without demand. */
  meets_target: boolean | null;
  /** Supply the unit lacks to meet the target within its reach ((target − ratio) × demand / per); 0 when met. */
  supply_gap: number | null;
}

/**
 * Compares accessibility ratios (supply per unit of demand, e.g. a 2SFCA result per community,
 * street or district) with a plan's ratio target such as Zibo's "2 general practitioners per
 * 10 000 residents" ({ value: 2, per: 10000 }) or "elderly-care beds = 1.5 % of the elderly"
 * ({ value: 1.5, per: 100 }). For plan rules of kind `ratio`. Returns new objects (the input rows
 * are not changed) with the input fields plus `ratio_per`, `meets_target` and `supply_gap`.
 *
 * @param {Object[]} units rows with `ratio` (number or null) and `demand`
 * @param {RatioTarget} target the target value and the demand it is per
 * @returns {Object[]} the rows with ratio_per, meets_target and supply_gap
 * @example
 * compareWithRatioTarget([{ code: 'S01', demand: 40000, ratio: 1.5e-4 }], { value: 2, per: 10000 });
 * // [{ code: 'S01', demand: 40000, ratio: 0.00015, ratio_per: 1.5, meets_target: false, supply_gap: 2 }]
 */
export function compareWithRatioTarget<T extends { ratio: number | null; demand: number }>(
  units: readonly T[],
  target: RatioTarget,
): Array<T & RatioTargetRow> {
  // Input validation
  if (!Array.isArray(units)) throw new Error('Invalid input to compareWithRatioTarget: units must be an array of { ratio, demand }');
  if (!target || typeof target.value !== 'number' || !(target.value >= 0) || target.value === Infinity) {
    throw new Error(`Invalid input to compareWithRatioTarget: target.value must be a finite number ≥ 0, got ${String(target?.value)}`);
  }
  const per = target.per ?? 1;
  if (typeof per !== 'number' || !(per > 0) || per === Infinity) throw new Error(`Invalid input to compareWithRatioTarget: target.per must be a finite number > 0, got ${String(per)}`);

  return units.map((u) => {
    if (u.ratio === null) return { ...u, ratio_per: null, meets_target: null, supply_gap: null };
    const ratioPer = u.ratio * per;
    const meets = ratioPer >= target.value * (1 - 1e-9);
    return { ...u, ratio_per: ratioPer, meets_target: meets, supply_gap: meets ? 0 : ((target.value - ratioPer) * u.demand) / per };
  });
}
