/**
 * Lookups over a {@link PlanCity}: units of a level within a target's scope, and the open facilities
 * located in a unit. A facility belongs to the community whose polygon contains it, and through it to
 * that community's street and district.
 */
import { isOpenOn } from '../coverage/model.ts';
import type { PlanCity, PlanCommunity, PlanDistrict, PlanFacility, PlanFacilityType, PlanStreet } from './model.ts';
import type { TargetLevel, TargetScope } from './profile.ts';

export interface CityIndex {
  city: PlanCity;
  communities: Map<string, PlanCommunity>;
  streets: Map<string, PlanStreet>;
  districts: Map<string, PlanDistrict>;
  types: Map<string, PlanFacilityType>;
  /** Facilities by the community containing them. */
  facilitiesByCommunity: Map<string, PlanFacility[]>;
  /** Facilities inside no community: they belong to no unit and count for nothing. */
  outside: PlanFacility[];
}

/** A unit a target is checked on, with its communities inside the target's scope. */
export interface PlanUnit {
  level: TargetLevel;
  code: string;
  name: string;
  /** street | township | district | county | community | city */
  kind: string;
  communities: PlanCommunity[];
}

/**
 * Indexes a city once for many evaluations.
 *
 * @param {PlanCity} city communities, streets, districts, facilities (with community_code) and types
 * @returns {CityIndex} lookups
 * @example
 * const index = indexCity(city);
 */
export function indexCity(city: PlanCity): CityIndex {
  // Input validation
  for (const name of ['communities', 'streets', 'districts', 'facilities', 'types'] as const) {
    if (!Array.isArray(city[name])) throw new Error(`indexCity: city.${name} must be an array`);
  }
  const streets = new Map(city.streets.map((s) => [s.code, s]));
  const districts = new Map(city.districts.map((d) => [d.code, d]));
  for (const s of city.streets) {
    if (!districts.has(s.district_code)) throw new Error(`indexCity: street ${s.code} names unknown district ${s.district_code}`);
  }
  for (const c of city.communities) {
    if (!streets.has(c.street_code)) throw new Error(`indexCity: community ${c.code} names unknown street ${c.street_code}`);
  }
  const communities = new Map(city.communities.map((c) => [c.code, c]));
  const facilitiesByCommunity = new Map<string, PlanFacility[]>();
  const outside: PlanFacility[] = [];
  for (const f of city.facilities) {
    if (f.community_code === null || !communities.has(f.community_code)) {
      outside.push(f);
      continue;
    }
    let list = facilitiesByCommunity.get(f.community_code);
    if (!list) facilitiesByCommunity.set(f.community_code, (list = []));
    list.push(f);
  }
  return { city, communities, streets, districts, types: new Map(city.types.map((t) => [t.code, t])), facilitiesByCommunity, outside };
}

/** A district's class: the `class` field, else `properties.class`. */
export function districtClass(district: PlanDistrict): string | null {
  const raw = district.class ?? district.properties?.['class'];
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
}

/** The record of a unit (community, street or district) whose own attributes a requirement reads. */
export function unitRecord(index: CityIndex, unit: PlanUnit): { properties: Record<string, unknown> } | undefined {
  if (unit.level === 'community') return unit.communities[0];
  if (unit.level === 'street') {
    const s = index.streets.get(unit.code);
    return s ? { properties: s.properties ?? {} } : undefined;
  }
  if (unit.level === 'district') {
    const d = index.districts.get(unit.code);
    return d ? { properties: d.properties ?? {} } : undefined;
  }
  return undefined;
}

/** Whether a community is inside a target's scope (district and street kinds). */
export function inScope(index: CityIndex, community: PlanCommunity, scope: TargetScope | undefined): boolean {
  if (!scope) return true;
  const street = index.streets.get(community.street_code)!;
  if (scope.street_kinds && !scope.street_kinds.includes(street.kind)) return false;
  if (scope.district_kinds || scope.district_classes) {
    const district = index.districts.get(street.district_code)!;
    if (scope.district_kinds && !scope.district_kinds.includes(district.kind)) return false;
    if (scope.district_classes && !scope.district_classes.includes(districtClass(district) ?? '')) return false;
  }
  return true;
}

/** The code of the unit of `level` that contains a community. */
export function unitCodeOf(index: CityIndex, community: PlanCommunity, level: TargetLevel): string {
  if (level === 'community') return community.code;
  if (level === 'city') return 'city';
  const street = index.streets.get(community.street_code)!;
  return level === 'street' ? street.code : street.district_code;
}

/**
 * The units of a level that hold at least one in-scope community, in code order, each with its
 * in-scope communities. Level 'city' gives one unit, code 'city'.
 */
export function unitsAt(index: CityIndex, level: TargetLevel, scope?: TargetScope): PlanUnit[] {
  const groups = new Map<string, PlanCommunity[]>();
  for (const c of index.city.communities) {
    if (!inScope(index, c, scope)) continue;
    const code = unitCodeOf(index, c, level);
    let list = groups.get(code);
    if (!list) groups.set(code, (list = []));
    list.push(c);
  }
  const units: PlanUnit[] = [];
  for (const [code, communities] of groups) {
    if (level === 'community') {
      const c = communities[0]!;
      units.push({ level, code, name: c.name, kind: 'community', communities });
    } else if (level === 'street') {
      const s = index.streets.get(code)!;
      units.push({ level, code, name: s.name, kind: s.kind, communities });
    } else if (level === 'district') {
      const d = index.districts.get(code)!;
      units.push({ level, code, name: d.name, kind: d.kind, communities });
    } else {
      units.push({ level, code: 'city', name: '全市', kind: 'city', communities });
    }
  }
  if (level === 'city' && units.length === 0) units.push({ level, code: 'city', name: '全市', kind: 'city', communities: [] });
  return units.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Each community's facilities split by type, built once per index on first use (an index never changes). @private */
const byCommunityType = new WeakMap<CityIndex, Map<string, Map<string, PlanFacility[]>>>();

function typeIndexOf(index: CityIndex): Map<string, Map<string, PlanFacility[]>> {
  let out = byCommunityType.get(index);
  if (!out) {
    out = new Map();
    for (const [code, list] of index.facilitiesByCommunity) out.set(code, splitByType(list));
    byCommunityType.set(index, out);
  }
  return out;
}

function splitByType(list: readonly PlanFacility[]): Map<string, PlanFacility[]> {
  const byType = new Map<string, PlanFacility[]>();
  for (const f of list) {
    let at = byType.get(f.type);
    if (!at) byType.set(f.type, (at = []));
    at.push(f);
  }
  return byType;
}

/**
 * Calls `visit` for each facility of `types` in the given communities, in the order of each community's
 * list (so sums come out as a scan of the whole list would give them). One type, the common case, visits
 * only that type's facilities: a province has ~12 facilities of ~37 types per community, and a plan asks
 * this for every target and unit (issue 19).
 */
export function forEachFacilityOfTypes(index: CityIndex, communities: readonly PlanCommunity[], types: readonly string[], visit: (f: PlanFacility) => void): void {
  if (types.length === 0) return;
  if (types.length === 1 || new Set(types).size === 1) {
    const byType = typeIndexOf(index);
    const type = types[0]!;
    for (const c of communities) {
      const list = byType.get(c.code)?.get(type);
      if (list) for (const f of list) visit(f);
    }
    return;
  }
  // Several types: a community holding facilities of only one of them visits that type's list (in list
  // order); one holding several scans its whole list in order. A province's community holds 2–4 wanted
  // types rarely, so most communities cost a lookup or two (issue 19: 6 s of a 12 s evaluation was this scan).
  const wanted = [...new Set(types)];
  const wantedSet = new Set(wanted);
  const byType = typeIndexOf(index);
  for (const c of communities) {
    const own = byType.get(c.code);
    if (!own) continue;
    let only: PlanFacility[] | undefined;
    let several = false;
    for (const t of wanted) {
      const list = own.get(t);
      if (!list) continue;
      if (only) {
        several = true;
        break;
      }
      only = list;
    }
    if (!only) continue;
    if (!several) {
      for (const f of only) visit(f);
      continue;
    }
    for (const f of index.facilitiesByCommunity.get(c.code) ?? []) if (wantedSet.has(f.type)) visit(f);
  }
}

/**
 * The index of the same city with another facility list, derived from `base` without rebuilding it:
 * the communities, streets, districts and types are shared, and only the facility lists of the
 * `touched` communities (`null`: those outside every community) are rebuilt, from `facilities` in
 * their order. Equal to `indexCity({ ...base.city, facilities })` whenever every community whose list
 * differs is in `touched` (a scenario's added, closed and moved facilities' old and new communities).
 * The per-type split of the untouched communities is carried over too.
 *
 * @param {CityIndex} base the index the change starts from
 * @param {PlanFacility[]} facilities the full new facility list (as indexCity would get it)
 * @param {Set<string|null>} touched communities whose facility lists may differ
 * @returns {CityIndex} the new index
 */
export function reindexCity(base: CityIndex, facilities: readonly PlanFacility[], touched: ReadonlySet<string | null>): CityIndex {
  const known = (code: string | null): code is string => code !== null && base.communities.has(code);
  const rebuild = new Set<string>();
  let outsideTouched = false;
  for (const code of touched) {
    if (known(code)) rebuild.add(code);
    else outsideTouched = true;
  }
  const facilitiesByCommunity = new Map(base.facilitiesByCommunity);
  for (const code of rebuild) facilitiesByCommunity.delete(code);
  const outside: PlanFacility[] = outsideTouched ? [] : base.outside;
  const rebuilt = new Map<string, PlanFacility[]>();
  for (const f of facilities) {
    if (!known(f.community_code)) {
      if (outsideTouched) outside.push(f);
      continue;
    }
    if (!rebuild.has(f.community_code)) continue;
    let list = rebuilt.get(f.community_code);
    if (!list) rebuilt.set(f.community_code, (list = []));
    list.push(f);
  }
  // The map's own order differs from indexCity's for the rebuilt communities; its two walkers
  // (unitMethodReach, evaluateFacilityShare) collect into a set or sort by code, so nothing reads it.
  for (const [code, list] of rebuilt) facilitiesByCommunity.set(code, list);
  const index: CityIndex = { ...base, city: { ...base.city, facilities }, facilitiesByCommunity, outside };
  const baseTypes = byCommunityType.get(base);
  if (baseTypes) {
    const byType = new Map(baseTypes);
    for (const code of rebuild) byType.delete(code);
    for (const [code, list] of rebuilt) byType.set(code, splitByType(list));
    byCommunityType.set(index, byType);
  }
  return index;
}

/** Open-or-not, the facilities given to a community within the snapping tolerance (snapped_m set), in list order; once per index. @private */
const snappedOf = new WeakMap<CityIndex, PlanFacility[]>();

/** Facilities outside every polygon that were given to the nearest community (`snapped_m` set), in list order. */
export function snappedFacilities(index: CityIndex): readonly PlanFacility[] {
  let out = snappedOf.get(index);
  if (!out) {
    out = index.city.facilities.filter((f) => f.snapped_m != null && f.community_code !== null);
    snappedOf.set(index, out);
  }
  return out;
}

/** Facilities of `types` located in the unit's communities and open on `asOf`. */
export function openFacilitiesIn(index: CityIndex, unit: PlanUnit, types: readonly string[], asOf: string): PlanFacility[] {
  const out: PlanFacility[] = [];
  forEachFacilityOfTypes(index, unit.communities, types, (f) => {
    if (isOpenOn(f, asOf)) out.push(f);
  });
  return out;
}

/** Name of a facility type in both languages (its code when not in the catalogue). */
export function typeName(index: CityIndex, code: string): { en: string; zh: string } {
  const t = index.types.get(code);
  return t ? { en: t.name_en, zh: t.name_zh } : { en: code, zh: code };
}
