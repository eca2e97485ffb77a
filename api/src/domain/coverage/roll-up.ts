import { addCoveredCounts } from './covered-counts.ts';
import type { CommunityCoverage, CoverageCommunity, CoveredCounts } from './model.ts';

/** Level of a roll-up. */
export type RollUpLevel = 'community' | 'street' | 'district' | 'city';

/** Names of the units above communities (from the street and district tables). */
export interface RollUpUnitNames {
  streets?: ReadonlyArray<{ code: string; name: string; district_code: string }>;
  districts?: ReadonlyArray<{ code: string; name: string; kind: string }>;
  /** The city's code and name for level 'city'. Default { code: 'city', name: 'city' }. */
  city?: { code: string; name: string };
}

/** Coverage summed over one unit. */
export interface RollUpUnit extends CoveredCounts {
  code: string;
  name: string;
  /** Communities in the unit. */
  communities: number;
}

/** Result of {@link rollUp}. */
export interface RollUp {
  level: RollUpLevel;
  units: RollUpUnit[];
  totals: Omit<RollUpUnit, 'code' | 'name'>;
}

/**
 * Sums per-community coverage to communities, streets, districts or the whole city. Rates are
 * recomputed from the sums (covered / households; 0 when households = 0) and never rounded.
 * Streets and districts listed in `options.units` appear in that order, with zeros when none of
 * their communities is in `perCommunity`; units found only through communities follow, by code,
 * named by their code.
 *
 * @param {CommunityCoverage[]} perCommunity rows from `engine.compute(...).perCommunity`
 * @param {Object[]} communities the communities (code, name, street_code, district_code)
 * @param {string} level 'community' | 'street' | 'district' | 'city'
 * @param {Object} [options={}] Optional parameters
 * @param {Object} [options.units={}] names: { streets: [{code,name,district_code}], districts: [{code,name,kind}], city: {code,name} }
 * @returns {RollUp} units and totals
 * @example
 * const byStreet = rollUp(result.perCommunity, input.communities, 'street', { units: { streets, districts } });
 */
export function rollUp(
  perCommunity: readonly CommunityCoverage[],
  communities: ReadonlyArray<Pick<CoverageCommunity, 'code' | 'name' | 'street_code' | 'district_code'>>,
  level: RollUpLevel,
  options: { units?: RollUpUnitNames } = {},
): RollUp {
  // Input validation
  if (!Array.isArray(perCommunity)) throw new Error('rollUp: perCommunity must be an array of community coverage rows');
  if (!Array.isArray(communities)) throw new Error('rollUp: communities must be an array of { code, name, street_code, district_code }');
  if (!['community', 'street', 'district', 'city'].includes(level)) {
    throw new Error(`rollUp: level must be 'community', 'street', 'district' or 'city', got ${JSON.stringify(level)}`);
  }
  const byCode = new Map(communities.map((c) => [c.code, c]));
  for (const row of perCommunity) {
    if (!byCode.has(row.code)) throw new Error(`rollUp: community ${JSON.stringify(row.code)} of perCommunity is not in communities`);
  }

  const units = options.units ?? {};
  const groups = new Map<string, RollUpUnit>();
  const open = (code: string, name: string): RollUpUnit => {
    let u = groups.get(code);
    if (!u) {
      u = { code, name, ...zero() };
      groups.set(code, u);
    }
    return u;
  };
  if (level === 'street') for (const s of units.streets ?? []) open(s.code, s.name);
  if (level === 'district') for (const d of units.districts ?? []) open(d.code, d.name);
  if (level === 'city') open(units.city?.code ?? 'city', units.city?.name ?? 'city');
  const listed = groups.size;

  const unitOf = (c: Pick<CoverageCommunity, 'code' | 'name' | 'street_code' | 'district_code'>): [string, string] => {
    switch (level) {
      case 'community':
        return [c.code, c.name];
      case 'street':
        return [c.street_code, c.street_code];
      case 'district':
        return [c.district_code, c.district_code];
      default:
        return [units.city?.code ?? 'city', units.city?.name ?? 'city'];
    }
  };
  for (const row of perCommunity) {
    const [code, name] = unitOf(byCode.get(row.code) as Pick<CoverageCommunity, 'code' | 'name' | 'street_code' | 'district_code'>);
    add(open(code, name), row);
  }

  let list = [...groups.values()];
  if (level === 'street' || level === 'district') {
    list = [...list.slice(0, listed), ...list.slice(listed).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))];
  }
  const totals = zero();
  for (const u of list) {
    u.rate = u.households > 0 ? u.households_covered / u.households : 0;
    sum(totals, u);
  }
  totals.rate = totals.households > 0 ? totals.households_covered / totals.households : 0;
  return { level, units: list, totals };
}

/** Zero sums. @private */
function zero(): Omit<RollUpUnit, 'code' | 'name'> {
  return { communities: 0, households: 0, households_covered: 0, rate: 0, population: 0, population_covered: 0, elderly: 0, elderly_covered: 0 };
}

/** Adds a community row to a unit. @private */
function add(u: RollUpUnit, row: CommunityCoverage): void {
  u.communities++;
  addCoveredCounts(u, row);
}

/** Adds a unit to the totals. @private */
function sum(t: Omit<RollUpUnit, 'code' | 'name'>, u: RollUpUnit): void {
  t.communities += u.communities;
  addCoveredCounts(t, u);
}
