/**
 * District classes of a province city (issue 19): the class a plan profile selects districts by
 * (`scope.district_classes`; Beijing's 城区 / 近郊区 / 远郊区县, docs/plans.md), set by where each
 * district lies in its own city rather than by its place in reading order (the demo city's rule, which
 * for a 6 000-community city with some 40 districts made one 城区 in a corner and every other one outer).
 */
import type { District } from './administration.ts';

/** Beijing's district classes as the plans use them. */
export type DistrictClass = '城区' | '近郊区' | '远郊区县';

/** Share of a city's urban districts (区) that are its core (城区), nearest its centre first. */
export const CORE_SHARE = 0.25;

/** A community as the classes need it: its street and one ring of its shape. */
export interface ClassCommunity {
  street_code: string;
  ring: ReadonlyArray<readonly number[]>;
}

/**
 * Classes of a city's districts: its urban districts (kind `district`) ordered by the distance of
 * their centroid (the mean of their communities' ring centres) from the city centre; the nearest
 * quarter (at least one) are 城区, the other urban districts 近郊区; every county (县) is 远郊区县.
 * A district without communities counts as farthest. Ties go by code, so the result is deterministic.
 *
 * @param {readonly District[]} districts the city's districts
 * @param {ReadonlyMap<string, string>} districtOfStreet street code → district code
 * @param {Iterable<ClassCommunity>} communities the city's communities
 * @param {[number, number]} center [lon, lat] of the city centre
 * @returns {Map<string, DistrictClass>} district code → class
 * @example
 * const classes = districtClasses(city.districts, streetsToDistricts, communities, [116.0, 36.3]);
 */
export function districtClasses(
  districts: readonly District[],
  districtOfStreet: ReadonlyMap<string, string>,
  communities: Iterable<ClassCommunity>,
  center: readonly [number, number],
): Map<string, DistrictClass> {
  const sums = new Map<string, { x: number; y: number; n: number }>();
  for (const c of communities) {
    const district = districtOfStreet.get(c.street_code);
    if (district === undefined || c.ring.length === 0) continue;
    let x = 0;
    let y = 0;
    for (const p of c.ring) {
      x += p[0]!;
      y += p[1]!;
    }
    const s = sums.get(district) ?? { x: 0, y: 0, n: 0 };
    s.x += x / c.ring.length;
    s.y += y / c.ring.length;
    s.n += 1;
    sums.set(district, s);
  }
  const cosLat = Math.cos((center[1] * Math.PI) / 180);
  const distance = (code: string): number => {
    const s = sums.get(code);
    if (!s) return Infinity;
    return Math.hypot((s.x / s.n - center[0]) * cosLat, s.y / s.n - center[1]);
  };
  const urban = districts
    .filter((d) => d.kind === 'district')
    .map((d) => ({ code: d.code, distance: distance(d.code) }))
    .sort((a, b) => a.distance - b.distance || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const core = Math.max(1, Math.round(urban.length * CORE_SHARE));
  const classes = new Map<string, DistrictClass>();
  urban.forEach((d, rank) => classes.set(d.code, rank < core ? '城区' : '近郊区'));
  for (const d of districts) if (d.kind === 'county') classes.set(d.code, '远郊区县');
  return classes;
}
