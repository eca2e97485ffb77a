/**
 * A count or a sum over the open facilities located in some communities: the supply side of `ratio`
 * and `total` targets.
 */
import { isOpenOn } from '../../coverage/model.ts';
import { forEachFacilityOfTypes, type CityIndex } from '../city-index.ts';
import { and, asNumber, fieldValue, testCondition } from '../conditions.ts';
import type { PlanCommunity } from '../model.ts';
import type { MeasureSpec } from '../profile.ts';

export interface MeasureResult {
  /** The count, or the sum of the known values. */
  value: number;
  /** Facilities counted (open, of the types, passing `where`). */
  facilities: number;
  /** Facilities whose measured column is not recorded (counted as 0). */
  missing: number;
  /** Facilities whose `where` could not be checked (left out). */
  unchecked: number;
}

/**
 * Counts or sums a measure over the open facilities of the spec's types in the given communities.
 *
 * @param {CityIndex} index the city
 * @param {PlanCommunity[]} communities where to look
 * @param {MeasureSpec} spec { types, where, measure: 'count' | column }
 * @param {string} asOf 'YYYY-MM-DD'
 * @returns {MeasureResult} value and how many facilities lacked data
 */
export function measureIn(index: CityIndex, communities: readonly PlanCommunity[], spec: MeasureSpec, asOf: string): MeasureResult {
  const out: MeasureResult = { value: 0, facilities: 0, missing: 0, unchecked: 0 };
  forEachFacilityOfTypes(index, communities, spec.types, (f) => {
    if (!isOpenOn(f, asOf)) return;
    const w = and(spec.where.map((cond) => testCondition(fieldValue(f, cond.field), cond)));
    if (w === false) return;
    if (w === null) {
      out.unchecked += 1;
      return;
    }
    out.facilities += 1;
    if (spec.measure === 'count') {
      out.value += 1;
    } else {
      const v = asNumber(fieldValue(f, spec.measure));
      if (v === null) out.missing += 1;
      else out.value += v;
    }
  });
  return out;
}
