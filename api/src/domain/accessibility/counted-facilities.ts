import { isOpenOnUnchecked } from '../coverage/model.ts';
import type { AccessibilityFacility, SupplyMeasure } from './model.ts';

/** A facility that counts in one computation: its reach and its supply. */
export interface CountedFacility {
  code: string;
  type: string;
  lon: number;
  lat: number;
  reachMeters: number;
  supply: number;
}

/**
 * The facilities that count: type in the rule, open on `asOf` (`isOpenOn`), supply column not null
 * (`count`: 1 each). Facilities of a ruled type open on `asOf` whose supply is null are counted apart.
 * @param {readonly AccessibilityFacility[]} facilities the snapshot's facilities (in code order)
 * @param {Map<string, number>} reachByType the rule: reach in metres per type
 * @param {SupplyMeasure} supply the supply column
 * @param {string} asOf 'YYYY-MM-DD'
 * @returns {{ active: CountedFacility[], withoutSupply: number }} the counted facilities, in input order, and how many lacked supply
 * @example
 * countedFacilities(facilities, new Map([['health_center', 1000]]), 'gp_count', '2026-01-01');
 */
export function countedFacilities(
  facilities: readonly AccessibilityFacility[],
  reachByType: Map<string, number>,
  supply: SupplyMeasure,
  asOf: string,
): { active: CountedFacility[]; withoutSupply: number } {
  const active: CountedFacility[] = [];
  let withoutSupply = 0;
  for (const f of facilities) {
    const reachMeters = reachByType.get(f.type);
    if (reachMeters === undefined || !isOpenOnUnchecked(f, asOf, false)) continue;
    const value = supply === 'count' ? 1 : f[supply];
    if (value === null) {
      withoutSupply++;
      continue;
    }
    active.push({ code: f.code, type: f.type, lon: f.lon, lat: f.lat, reachMeters, supply: value });
  }
  return { active, withoutSupply };
}
