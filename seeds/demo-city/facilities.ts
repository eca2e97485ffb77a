/**
 * Community facilities of the demo city: every type of `seeds/facility-types.json`, with the
 * realistic gaps the planning targets are meant to reveal (streets without a health center,
 * undersized culture stations, too few elderly-care beds, too few convenience outlets …).
 */
import type { PlanePoint } from './geometry.ts';
import type { Zone } from './mesh.ts';
import type { NameBook } from './names.ts';
import type { PointSampler } from './placement.ts';
import type { FacilityProperties } from '../../api/src/schema/facility.ts';
import type { Random } from './random.ts';

/** One facility before it gets its code and lon/lat. */
export type FacilityDraft = Omit<FacilityProperties, 'code'> & { point: PlanePoint };

/** What the facility generator needs to know about the city. */
export interface FacilityContext {
  districts: ReadonlyArray<{ name: string; centroid: PlanePoint; streets: readonly number[] }>;
  streets: ReadonlyArray<{ name: string; kind: 'street' | 'township'; centroid: PlanePoint; communities: readonly number[] }>;
  communities: ReadonlyArray<{
    name: string;
    zone: Zone;
    /** Convex rings (counter-clockwise, open) of the community's parts; the first is the main one. */
    parts: readonly (readonly PlanePoint[])[];
    population: number;
    elderly: number;
    buildings: ReadonlyArray<{ point: PlanePoint; part: number }>;
  }>;
  /** The community and part containing a point, or null outside the city. */
  locate(point: PlanePoint): { community: number; part: number } | null;
  sampler: PointSampler;
}

/** Options of {@link generateFacilities}. */
export interface FacilityOptions {
  /**
   * Wanted facilities per community on average (all types). Convenience outlets absorb the
   * difference; unset keeps them at 1.5 per 1 000 residents.
   */
  facilitiesPerCommunity?: number;
}

/** Facility types the generator knows how to place. */
export const FACILITY_TYPE_CODES = [
  'health_center',
  'health_station',
  'culture_station',
  'culture_room',
  'fitness_ground',
  'elderly_home',
  'elderly_daycare',
  'district_service_center',
  'street_service_center',
  'community_service_station',
  'employment_station',
  'convenience_outlet',
  'culture_square',
  'book_point',
  'culture_school',
  'police_office',
  'disabled_care_home',
  'disabled_service_station',
  'township_welfare_centre',
  'info_network_centre',
  'hotline_call_centre',
  'science_base',
  'library_room',
  'reading_room',
  'activity_room',
  'community_office',
  'culture_activity_station',
  'social_security_station',
  'culture_sports_venue',
  'affairs_centre',
  'street_employment_office',
  'service_enterprise',
  'city_service_center',
  'city_elderly_community',
  'city_welfare_centre',
  'city_elderly_rehab',
  'city_welfare_hospital',
] as const;

/** Years (inclusive) in which each type's open facilities were opened. */
const OPENING_YEARS: Record<string, [number, number]> = {
  health_center: [1995, 2008],
  health_station: [1998, 2012],
  culture_station: [1995, 2010],
  culture_room: [1997, 2012],
  fitness_ground: [1999, 2012],
  elderly_home: [1995, 2012],
  elderly_daycare: [2003, 2012],
  district_service_center: [1995, 2003],
  street_service_center: [1996, 2008],
  community_service_station: [1999, 2012],
  employment_station: [2002, 2012],
  convenience_outlet: [1995, 2012],
  culture_square: [2000, 2012],
  book_point: [2003, 2012],
  culture_school: [2000, 2012],
  police_office: [1995, 2010],
  disabled_care_home: [2001, 2008],
  disabled_service_station: [2001, 2010],
  township_welfare_centre: [2002, 2009],
  info_network_centre: [1999, 2004],
  hotline_call_centre: [2002, 2005],
  science_base: [1995, 2008],
  library_room: [1998, 2010],
  reading_room: [1998, 2010],
  activity_room: [1998, 2010],
  community_office: [1995, 2006],
  culture_activity_station: [2000, 2010],
  social_security_station: [2002, 2010],
  culture_sports_venue: [1999, 2010],
  affairs_centre: [2003, 2009],
  street_employment_office: [2002, 2008],
  service_enterprise: [1996, 2010],
  city_service_center: [1998, 2003],
  city_elderly_community: [2002, 2005],
  city_welfare_centre: [1995, 2004],
  city_elderly_rehab: [2001, 2006],
  city_welfare_hospital: [2004, 2008],
};
/** Convenience outlets per 1 000 residents when `facilitiesPerCommunity` is unset. */
const OUTLETS_PER_1000 = 1.5;
/** Share of facilities (other than health centers) closed since, and planned. */
const CLOSED_SHARE = 0.02;
const PLANNED_SHARE = 0.012;

/** ISO date of a random day in [fromYear, toYear]. @private */
function randomDate(random: Random, fromYear: number, toYear: number): string {
  const year = random.int(fromYear, toYear);
  const month = random.int(1, 12);
  const daysInMonth = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const day = random.int(1, daysInMonth[month - 1] as number);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Status and dates: open, or closed since, or planned (2027 or no date yet). @private */
function lifecycle(
  random: Random,
  type: string,
  forced?: 'open' | 'closed' | 'planned',
): Pick<FacilityDraft, 'status' | 'opened_on' | 'closed_on'> {
  const [fromYear, toYear] = OPENING_YEARS[type] ?? [1995, 2012];
  const roll = random.next();
  const status = forced ?? (roll < CLOSED_SHARE ? 'closed' : roll < CLOSED_SHARE + PLANNED_SHARE ? 'planned' : 'open');
  if (status === 'planned') {
    return { status, opened_on: random.chance(0.7) ? randomDate(random, 2027, 2027) : null, closed_on: null };
  }
  if (status === 'closed') {
    const openedOn = randomDate(random, fromYear, Math.min(toYear, 2010));
    const openedYear = Number(openedOn.slice(0, 4));
    return { status, opened_on: openedOn, closed_on: randomDate(random, openedYear + 2, Math.min(openedYear + 12, 2025)) };
  }
  return { status, opened_on: randomDate(random, fromYear, toYear), closed_on: null };
}

/** Distributes `total` over `weights` as integers (largest remainder). @private */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum <= 0 || total <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const result = raw.map(Math.floor);
  let left = total - result.reduce((s, v) => s + v, 0);
  const order = raw.map((value, i) => ({ i, fraction: value - Math.floor(value) })).sort((p, q) => q.fraction - p.fraction || p.i - q.i);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = (result[i] as number) + 1;
    left -= 1;
  }
  return result;
}

/**
 * Generates the facilities of every type in `typeCodes`.
 *
 * @param {FacilityContext} context districts, streets, communities and point placement
 * @param {string[]} typeCodes facility-type codes from the catalogue (all must be known)
 * @param {Random} random stream for facilities
 * @param {NameBook} names shop names for convenience outlets
 * @param {FacilityOptions} [options={}] density options
 * @returns {{ facilities: FacilityDraft[]; streetsWithoutHealthCenter: number[] }} facilities in
 *   catalogue order, and the streets that have no open health center
 * @example
 * const { facilities } = generateFacilities(context, ['health_center'], random, names);
 */
export function generateFacilities(
  context: FacilityContext,
  typeCodes: readonly string[],
  random: Random,
  names: NameBook,
  options: FacilityOptions = {},
): { facilities: FacilityDraft[]; streetsWithoutHealthCenter: number[] } {
  // Input validation
  const known = new Set<string>(FACILITY_TYPE_CODES);
  const unknown = typeCodes.filter((code) => !known.has(code));
  if (unknown.length > 0) throw new Error(`no placement recipe for facility type(s): ${unknown.join(', ')}`);
  const { facilitiesPerCommunity } = options;
  if (facilitiesPerCommunity !== undefined && !(facilitiesPerCommunity >= 0 && Number.isFinite(facilitiesPerCommunity))) {
    throw new Error(`facilitiesPerCommunity must be a finite number ≥ 0, got ${facilitiesPerCommunity}`);
  }

  const { districts, streets, communities, locate, sampler } = context;
  const blank = { floor_area_m2: null, site_area_m2: null, beds: null, gp_count: null, grade: null, service_items: null };
  const centroidOf = (ring: readonly PlanePoint[]): PlanePoint => {
    let x = 0;
    let y = 0;
    for (const p of ring) {
      x += p[0];
      y += p[1];
    }
    return [x / ring.length, y / ring.length];
  };

  /** A point near `target` inside one of the given communities (the one containing it if any). */
  const nearTarget = (candidates: readonly number[], target: PlanePoint, r: Random, spreadM: number): PlanePoint => {
    const hit = locate(target);
    if (hit && candidates.includes(hit.community)) {
      return sampler.near(communities[hit.community]?.parts[hit.part] ?? [], target, spreadM, r);
    }
    let best = candidates[0] as number;
    let bestDistance = Infinity;
    for (const c of candidates) {
      const centre = centroidOf(communities[c]?.parts[0] ?? []);
      const d = Math.hypot(centre[0] - target[0], centre[1] - target[1]);
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    const ring = communities[best]?.parts[0] ?? [];
    const centre = centroidOf(ring);
    // Aim at the side of the cell facing the target.
    const aim: PlanePoint = [centre[0] + 0.3 * (target[0] - centre[0]), centre[1] + 0.3 * (target[1] - centre[1])];
    return sampler.near(ring, sampler.isAllowed(ring, aim) ? aim : centre, spreadM, r);
  };
  const nearStreetCentre = (s: number, r: Random): PlanePoint => {
    const street = streets[s] as FacilityContext['streets'][number];
    return nearTarget(street.communities, street.centroid, r, 220);
  };
  const inCommunity = (c: number, r: Random): PlanePoint => {
    const community = communities[c] as FacilityContext['communities'][number];
    if (community.buildings.length > 0) {
      const building = r.pick(community.buildings);
      const ring = community.parts[building.part] ?? [];
      return sampler.near(ring, building.point, 70, r);
    }
    const ring = community.parts[0] ?? [];
    return sampler.uniform(ring, r) ?? sampler.near(ring, centroidOf(ring), 50, r);
  };
  const streetStem = (s: number): string => (streets[s]?.name ?? '').replace(/(街道|镇|乡)$/, '');

  const byType = new Map<string, FacilityDraft[]>();
  const add = (draft: FacilityDraft): void => {
    const list = byType.get(draft.type);
    if (list) list.push(draft);
    else byType.set(draft.type, [draft]);
  };
  const streetIndexes = streets.map((_, s) => s);
  const communityIndexes = communities.map((_, c) => c);

  // Health centers: one per street, with gaps, moves and one planned.
  const streetsWithoutHealthCenter: number[] = [];
  {
    const r = random.fork('health_center');
    const shuffled = r.shuffled(streetIndexes);
    const gapCount = Math.min(streets.length - 1, Math.max(3, Math.round(streets.length * 0.11)));
    const gaps = new Set(shuffled.slice(0, gapCount));
    const moved = new Set(shuffled.slice(gapCount, gapCount + Math.max(2, Math.round(streets.length * 0.08))));
    const attributes = (s: number): Partial<FacilityDraft> =>
      streets[s]?.kind === 'township'
        ? { gp_count: r.int(6, 12), floor_area_m2: r.int(1500, 4000), beds: r.int(20, 80) }
        : { gp_count: r.int(2, 9), floor_area_m2: r.int(800, 2500), beds: null };
    const centreName = (s: number): string =>
      streets[s]?.kind === 'township' ? `${streets[s]?.name ?? ''}卫生院` : `${streets[s]?.name ?? ''}社区卫生服务中心`;
    const gapOrder = [...gaps].sort((p, q) => p - q);
    for (const s of streetIndexes) {
      if (gaps.has(s)) {
        streetsWithoutHealthCenter.push(s);
        const gapRank = gapOrder.indexOf(s);
        if (gapRank === 0) {
          add({ ...blank, ...attributes(s), point: nearStreetCentre(s, r), name: centreName(s), type: 'health_center', ...lifecycle(r, 'health_center', 'planned') });
        } else if (gapRank === 1) {
          add({
            ...blank,
            ...attributes(s),
            point: nearStreetCentre(s, r),
            name: `${centreName(s)}(已撤销)`,
            type: 'health_center',
            status: 'closed',
            opened_on: randomDate(r, 1996, 1999),
            closed_on: randomDate(r, 2004, 2006),
          });
        }
        continue;
      }
      if (moved.has(s)) {
        const closedOn = randomDate(r, 2002, 2006);
        add({
          ...blank,
          ...attributes(s),
          point: nearStreetCentre(s, r),
          name: `${centreName(s)}(旧址)`,
          type: 'health_center',
          status: 'closed',
          opened_on: randomDate(r, 1995, 1998),
          closed_on: closedOn,
        });
        add({ ...blank, ...attributes(s), point: nearStreetCentre(s, r), name: centreName(s), type: 'health_center', status: 'open', opened_on: closedOn, closed_on: null });
        continue;
      }
      add({ ...blank, ...attributes(s), point: nearStreetCentre(s, r), name: centreName(s), type: 'health_center', ...lifecycle(r, 'health_center', 'open') });
    }
  }

  // Community-level types with a presence share and their attributes.
  const communityRecipe = (
    type: string,
    share: number,
    make: (c: number, r: Random) => Partial<FacilityDraft> & { name: string },
  ): void => {
    const r = random.fork(type);
    for (const c of communityIndexes) {
      if (!r.chance(share)) continue;
      add({ ...blank, point: inCommunity(c, r), type, ...lifecycle(r, type), ...make(c, r) });
    }
  };
  const communityName = (c: number): string => communities[c]?.name ?? '';
  communityRecipe('health_station', 0.7, (c, r) => ({
    name: `${communityName(c)}卫生服务站`,
    grade: r.chance(0.75) ? 'A' : 'B',
    gp_count: r.int(1, 3),
    floor_area_m2: r.int(60, 250),
  }));
  communityRecipe('culture_room', 0.8, (c, r) => ({ name: `${communityName(c)}文化室`, floor_area_m2: r.int(20, 150) }));
  communityRecipe('elderly_daycare', 0.4, (c, r) => ({
    name: `${communityName(c)}日间照料中心`,
    beds: r.int(0, 20),
    floor_area_m2: r.int(100, 600),
  }));
  communityRecipe('community_service_station', 0.85, (c, r) => ({
    name: `${communityName(c)}服务站`,
    floor_area_m2: r.int(60, 300),
    service_items: r.int(2, 8),
  }));
  communityRecipe('employment_station', 0.55, (c, r) => ({ name: `${communityName(c)}就业服务站`, floor_area_m2: r.int(20, 80) }));
  communityRecipe('book_point', 0.6, (c) => ({ name: `${communityName(c)}送书点` }));
  communityRecipe('culture_school', 0.6, (c, r) => ({ name: `${communityName(c)}文化学校`, floor_area_m2: r.int(50, 300) }));
  communityRecipe('police_office', 0.9, (c, r) => ({ name: `${communityName(c)}警务室`, floor_area_m2: r.int(20, 60) }));

  // Street-level types.
  const streetRecipe = (
    type: string,
    chosen: (r: Random) => readonly number[],
    make: (s: number, r: Random) => Partial<FacilityDraft> & { name: string },
  ): void => {
    const r = random.fork(type);
    const pick = new Set(chosen(r));
    for (const s of streetIndexes) {
      if (!pick.has(s)) continue;
      add({ ...blank, point: nearStreetCentre(s, r), type, ...lifecycle(r, type), ...make(s, r) });
    }
  };
  const share = (fraction: number) => (r: Random): number[] => r.shuffled(streetIndexes).slice(0, Math.round(streets.length * fraction));
  streetRecipe('culture_station', share(1), (s, r) => {
    const undersized = r.chance(0.3);
    const floor = undersized ? r.int(80, 299) : r.int(300, 1200);
    const grade = undersized ? r.pick(['3', null]) : r.pick(['1', '2', '2', '3', '3', null]);
    return { name: `${streets[s]?.name ?? ''}文化站`, floor_area_m2: floor, grade };
  });
  streetRecipe('fitness_ground', share(0.85), (s, r) => ({
    name: `${streetStem(s)}全民健身场地`,
    site_area_m2: r.chance(0.8) ? r.int(800, 3000) : r.int(200, 799),
  }));
  streetRecipe('elderly_home', share(0.6), (s, r) => ({
    name: `${streetStem(s)}${r.pick(['敬老院', '养老院', '老年公寓'])}`,
    beds: r.int(20, 200),
    floor_area_m2: r.int(800, 6000),
  }));
  streetRecipe('street_service_center', share(0.9), (s, r) => ({
    name: `${streets[s]?.name ?? ''}社区服务中心`,
    floor_area_m2: r.int(400, 1500),
    service_items: r.int(4, 12),
  }));
  streetRecipe('culture_square', share(0.5), (s, r) => ({
    name: `${streetStem(s)}文化广场`,
    site_area_m2: r.int(2000, 15000),
  }));

  // District level: one service center per district or county.
  {
    const r = random.fork('district_service_center');
    districts.forEach((district) => {
      const candidates = district.streets.flatMap((s) => streets[s]?.communities ?? []);
      add({
        ...blank,
        point: nearTarget(candidates, district.centroid, r, 300),
        type: 'district_service_center',
        ...lifecycle(r, 'district_service_center', 'open'),
        name: `${district.name}社区服务中心`,
        floor_area_m2: r.int(1500, 4000),
        service_items: r.int(6, 14),
      });
    });
  }

  // Types the 2005 / 2007 plan targets added (street, township, community and city level).
  communityRecipe('library_room', 0.6, (c, r) => ({ name: `${communityName(c)}图书室`, floor_area_m2: r.int(15, 60) }));
  communityRecipe('reading_room', 0.5, (c, r) => ({ name: `${communityName(c)}阅览室`, floor_area_m2: r.int(15, 50) }));
  communityRecipe('activity_room', 0.7, (c, r) => ({ name: `${communityName(c)}文体活动室`, floor_area_m2: r.int(20, 120) }));
  communityRecipe('community_office', 0.95, (c, r) => ({ name: `${communityName(c)}居委会办公室`, floor_area_m2: r.int(40, 160) }));
  communityRecipe('culture_activity_station', 0.6, (c, r) => ({ name: `${communityName(c)}文化活动站`, floor_area_m2: r.int(20, 100) }));
  communityRecipe('social_security_station', 0.65, (c, r) => ({ name: `${communityName(c)}社会保障站`, floor_area_m2: r.int(15, 60) }));
  communityRecipe('culture_sports_venue', 0.8, (c, r) => ({ name: `${communityName(c)}文体活动场所`, site_area_m2: r.int(100, 900) }));
  streetRecipe('disabled_care_home', share(0.5), (s) => ({ name: `${streetStem(s)}残托所` }));
  streetRecipe('disabled_service_station', share(0.7), (s) => ({ name: `${streetStem(s)}残疾人服务站` }));
  streetRecipe(
    'township_welfare_centre',
    (r) => {
      const townships = streetIndexes.filter((s) => streets[s]?.kind === 'township');
      return r.shuffled(townships).slice(0, Math.max(1, townships.length - 1));
    },
    (s, r) => ({ name: `${streetStem(s)}社会福利中心`, beds: r.int(20, 80), floor_area_m2: r.int(600, 2000) }),
  );
  streetRecipe('info_network_centre', share(0.8), (s) => ({ name: `${streets[s]?.name ?? ''}社区服务信息网络站`, properties: { tier: 'street' } }));
  streetRecipe('science_base', share(0.6), (s) => ({ name: `${streetStem(s)}科普教育基地` }));
  streetRecipe('affairs_centre', share(0.6), (s) => ({ name: `${streets[s]?.name ?? ''}社区事务受理中心`, floor_area_m2: null }));
  streetRecipe('street_employment_office', share(0.75), (s) => ({ name: `${streets[s]?.name ?? ''}就业服务所` }));
  streetRecipe('service_enterprise', share(0.8), (s, r) => ({ name: `${streetStem(s)}${r.pick(['家政', '物业', '养老服务', '便民服务'])}有限公司` }));
  // District level: an information network centre in all but the last district.
  {
    const r = random.fork('info_network_centre/district');
    districts.forEach((district, d) => {
      if (d === districts.length - 1 && districts.length > 1) return;
      const candidates = district.streets.flatMap((s) => streets[s]?.communities ?? []);
      add({ ...blank, point: nearTarget(candidates, district.centroid, r, 300), type: 'info_network_centre', ...lifecycle(r, 'info_network_centre', 'open'), name: `${district.name}社区服务信息网络中心`, properties: { tier: 'district' } });
    });
  }
  // City level: one of each, near the first district's centre; the welfare hospital is still planned.
  {
    const r = random.fork('city-level');
    const first = districts[0];
    const candidates = first ? first.streets.flatMap((s) => streets[s]?.communities ?? []) : [];
    const cityLevel: Array<[string, string, Partial<FacilityDraft>, 'open' | 'planned']> = [
      ['info_network_centre', '市社区服务信息网络中心', { properties: { tier: 'city' } }, 'open'],
      ['hotline_call_centre', '市社区服务热线呼叫中心', {}, 'open'],
      ['city_service_center', '市社区服务中心', { floor_area_m2: 1800, service_items: 16 }, 'open'],
      ['city_elderly_community', '市老年社区', { beds: 400 }, 'open'],
      ['city_welfare_centre', '市社会福利中心', { beds: 600, floor_area_m2: 12000 }, 'open'],
      ['city_elderly_rehab', '市老年康复中心', { beds: 200 }, 'open'],
      ['city_welfare_hospital', '市福利医院', { beds: 300 }, 'planned'],
    ];
    if (candidates.length > 0) {
      for (const [type, name, attributes, status] of cityLevel) {
        add({ ...blank, ...attributes, point: nearTarget(candidates, first!.centroid, r, 600), type, ...lifecycle(r, type, status), name });
      }
    }
  }

  // Elderly-care beds: homes sized so that all open beds are ~0.85–1.05 % of the elderly.
  {
    const r = random.fork('elderly_beds');
    const elderlyTotal = communities.reduce((sum, c) => sum + c.elderly, 0);
    const openBeds = (list: readonly FacilityDraft[]): number =>
      list.filter((f) => f.status === 'open').reduce((sum, f) => sum + (f.beds ?? 0), 0);
    const daycareBeds = openBeds(byType.get('elderly_daycare') ?? []);
    const homes = (byType.get('elderly_home') ?? []).filter((f) => f.status === 'open');
    const wantedHomeBeds = Math.round(elderlyTotal * r.float(0.0085, 0.0105)) - daycareBeds;
    const small = homes.filter(() => r.chance(0.15));
    for (const home of small) home.beds = r.int(20, 29);
    const large = homes.filter((home) => !small.includes(home));
    const smallBeds = small.reduce((sum, f) => sum + (f.beds ?? 0), 0);
    const weights = large.map(() => Math.exp(r.normal(0, 0.5)));
    let remaining = Math.max(0, wantedHomeBeds - smallBeds);
    let open = large.map((_, i) => i);
    const beds = large.map(() => 0);
    // Water-filling with the 30–200 bounds.
    for (let round = 0; round < 20 && open.length > 0; round++) {
      const shares = apportion(remaining, open.map((i) => weights[i] as number));
      const stillOpen: number[] = [];
      open.forEach((i, k) => {
        const value = shares[k] as number;
        beds[i] = Math.min(200, Math.max(30, value));
        if (value > 200 || value < 30) remaining -= beds[i] as number;
        else stillOpen.push(i);
      });
      if (stillOpen.length === open.length) break;
      open = stillOpen;
      remaining = Math.max(0, remaining);
    }
    large.forEach((home, i) => {
      home.beds = beds[i] as number;
    });
  }

  // Convenience outlets: 1.5 per 1 000 residents, or whatever fills facilitiesPerCommunity.
  {
    const r = random.fork('convenience_outlet');
    const population = communities.reduce((sum, c) => sum + c.population, 0);
    const others = typeCodes.reduce((sum, code) => sum + (byType.get(code)?.length ?? 0), 0);
    const total =
      facilitiesPerCommunity === undefined
        ? Math.round((population * OUTLETS_PER_1000) / 1000)
        : Math.max(0, Math.round(facilitiesPerCommunity * communities.length) - others);
    const counts = apportion(total, communities.map((c) => c.population * r.float(0.6, 1.4)));
    communityIndexes.forEach((c) => {
      for (let k = 0; k < (counts[c] as number); k++) {
        add({
          ...blank,
          point: inCommunity(c, r),
          type: 'convenience_outlet',
          ...lifecycle(r, 'convenience_outlet'),
          name: names.shop(communityName(c)),
          floor_area_m2: r.int(15, 200),
        });
      }
    });
  }

  // Attributes the plans read from properties, drawn from their own stream so the columns above stay put.
  {
    const r = random.fork('properties');
    const pickServices = (offered: ReadonlyArray<[string, number]>): string[] => offered.filter(([, p]) => r.chance(p)).map(([name]) => name);
    const set = (type: string, make: (f: FacilityDraft) => Record<string, unknown>): void => {
      for (const f of byType.get(type) ?? []) f.properties = { ...f.properties, ...make(f) };
    };
    set('district_service_center', () => ({ services: pickServices([['养护', 1], ['托管', 1], ['康复', 0.7], ['老年产业', 0.5], ['家政', 0.8]]) }));
    set('street_service_center', () => ({ services: pickServices([['养护', 0.7], ['托管', 0.7], ['康复', 0.6], ['老年产业', 0.5], ['家政', 0.9]]) }));
    set('elderly_daycare', () => ({ services: pickServices([['日间照料', 1], ['家庭护理指导', 0.6]]) }));
    set('culture_station', () => ({ modern_equipment: r.chance(0.7) }));
    set('science_base', () => ({ upgraded: r.chance(0.7) }));
    set('service_enterprise', () => ({ renowned: r.chance(0.08), leading: r.chance(0.25) }));
    set('health_center', () => ({ records_kept: r.chance(0.85) }));
    set('health_station', () => ({ records_kept: r.chance(0.85) }));
    // The Beijing plan has no grade 3: the basic standard is 达标.
    for (const f of byType.get('culture_station') ?? []) if (f.grade === '3') f.grade = '达标';
  }

  const facilities = typeCodes.flatMap((code) => byType.get(code) ?? []);
  return { facilities, streetsWithoutHealthCenter };
}
