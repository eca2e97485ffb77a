/**
 * Facilities whose location and declared unit disagree. A facility belongs to the unit whose polygon
 * contains it; a unit code given on import (`properties.community_code`, `street_code`,
 * `district_code`) that says otherwise, or a facility inside no community, is reported, not obeyed.
 */
import type { CityIndex } from './city-index.ts';

export interface LocationWarning {
  code: 'unit_mismatch' | 'outside_city';
  facility: string;
  facility_name: string;
  /** Which declared field disagrees (unit_mismatch). */
  field: 'community_code' | 'street_code' | 'district_code' | null;
  declared: string | null;
  /** The unit of that level containing the facility; null outside every community. */
  located: string | null;
  message: string;
  message_zh: string;
}

const FIELDS = ['community_code', 'street_code', 'district_code'] as const;

/**
 * Lists facilities located outside every community, and those whose declared unit codes disagree
 * with their location.
 *
 * @param {CityIndex} index the city (facilities carry the community containing them)
 * @returns {LocationWarning[]} in facility-code order
 * @example
 * locationWarnings(index).filter((w) => w.code === 'unit_mismatch');
 */
export function locationWarnings(index: CityIndex): LocationWarning[] {
  const out: LocationWarning[] = [];
  for (const f of index.city.facilities) {
    const community = f.community_code ? index.communities.get(f.community_code) : undefined;
    if (!community) {
      out.push({
        code: 'outside_city',
        facility: f.code,
        facility_name: f.name,
        field: null,
        declared: null,
        located: null,
        message: `facility ${f.name} (${f.code}) lies inside no community: it counts for no unit`,
        message_zh: `设施 ${f.name}(${f.code})不在任何社区范围内,不计入任何单元`,
      });
      continue;
    }
    const street = index.streets.get(community.street_code)!;
    const located = { community_code: community.code, street_code: street.code, district_code: street.district_code };
    for (const field of FIELDS) {
      const declared = f.properties?.[field];
      if (declared === undefined || declared === null || declared === '') continue;
      if (String(declared) === located[field]) continue;
      out.push({
        code: 'unit_mismatch',
        facility: f.code,
        facility_name: f.name,
        field,
        declared: String(declared),
        located: located[field],
        message: `facility ${f.name} (${f.code}) was imported with ${field} ${String(declared)} but lies in ${located[field]}; it is counted in ${located[field]}`,
        message_zh: `设施 ${f.name}(${f.code})导入时登记为 ${String(declared)},但位于 ${located[field]} 范围内,按所在位置计入 ${located[field]}`,
      });
    }
  }
  return out.sort((a, b) => (a.facility < b.facility ? -1 : a.facility > b.facility ? 1 : 0));
}
