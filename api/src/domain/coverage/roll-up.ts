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

/**
 * A roll-up prepared once per snapshot and level: the unit of every community (by position) and
 * the units in the order {@link rollUp} lists them. See {@link rollUpPrepared}.
 */
export interface RollUpPlan {
  level: RollUpLevel;
  /** The communities it was prepared for (codes, by position). */
  codes: readonly string[];
  /** Unit index of community i. */
  unitOf: Int32Array;
  units: ReadonlyArray<{ code: string; name: string }>;
  /** Units from the names list (the rest are found only through communities, sorted by code). */
  listed: number;
  /** False when the communities repeat a code: {@link rollUpPrepared} then defers to {@link rollUp}. */
  usable: boolean;
  communities: ReadonlyArray<Pick<CoverageCommunity, 'code' | 'name' | 'street_code' | 'district_code'>>;
  names: RollUpUnitNames;
}

/**
 * Prepares {@link rollUp} of `communities` at `level` (checks and unit lookups done once).
 *
 * @param {Object[]} communities the communities (code, name, street_code, district_code)
 * @param {string} level 'community' | 'street' | 'district' | 'city'
 * @param {Object} [options={}] Optional parameters
 * @param {Object} [options.units={}] names, as for {@link rollUp}
 * @returns {RollUpPlan} the plan
 * @example
 * const plan = rollUpPlan(snapshot.communities, 'street', { units: { streets, districts } });
 * const byStreet = rollUpPrepared(plan, result.perCommunity); // equals rollUp(result.perCommunity, snapshot.communities, 'street', …)
 */
export function rollUpPlan(
  communities: ReadonlyArray<Pick<CoverageCommunity, 'code' | 'name' | 'street_code' | 'district_code'>>,
  level: RollUpLevel,
  options: { units?: RollUpUnitNames } = {},
): RollUpPlan {
  // Input validation
  if (!Array.isArray(communities)) throw new Error('rollUpPlan: communities must be an array of { code, name, street_code, district_code }');
  if (!['community', 'street', 'district', 'city'].includes(level)) {
    throw new Error(`rollUpPlan: level must be 'community', 'street', 'district' or 'city', got ${JSON.stringify(level)}`);
  }
  const names = options.units ?? {};
  const codes = communities.map((c) => c.code);
  const usable = new Set(codes).size === codes.length;
  const index = new Map<string, number>();
  const units: Array<{ code: string; name: string }> = [];
  const open = (code: string, name: string): number => {
    let k = index.get(code);
    if (k === undefined) {
      k = units.length;
      index.set(code, k);
      units.push({ code, name });
    }
    return k;
  };
  if (level === 'street') for (const s of names.streets ?? []) open(s.code, s.name);
  if (level === 'district') for (const d of names.districts ?? []) open(d.code, d.name);
  if (level === 'city') open(names.city?.code ?? 'city', names.city?.name ?? 'city');
  const listed = units.length;
  const unitOf = new Int32Array(communities.length);
  if (level === 'street' || level === 'district') {
    // Units found only through communities follow the listed ones, by code (as rollUp sorts them).
    const extra = [...new Set(communities.map((c) => (level === 'street' ? c.street_code : c.district_code)).filter((u) => !index.has(u)))];
    extra.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const u of extra) open(u, u);
  }
  communities.forEach((c, i) => {
    unitOf[i] =
      level === 'community' ? open(c.code, c.name)
        : level === 'street' ? index.get(c.street_code)!
          : level === 'district' ? index.get(c.district_code)!
            : 0;
  });
  return { level, codes, unitOf, units, listed, usable, communities, names };
}

/**
 * {@link rollUp} over a prepared plan: the same units, sums (added in the same order) and totals.
 * When `perCommunity` is not one row per planned community in the plan's order, it defers to
 * {@link rollUp}. Each unit's members come in the order of a coverage answer's units:
 * code, name, households, households_covered, rate, population, population_covered, elderly,
 * elderly_covered, communities.
 *
 * @param {RollUpPlan} plan from {@link rollUpPlan}
 * @param {CommunityCoverage[]} perCommunity rows from `engine.compute(...).perCommunity`
 * @returns {RollUp} units and totals
 */
export function rollUpPrepared(plan: RollUpPlan, perCommunity: readonly CommunityCoverage[]): RollUp {
  // Input validation
  if (!Array.isArray(perCommunity)) throw new Error('rollUpPrepared: perCommunity must be an array of community coverage rows');
  const n = plan.codes.length;
  let aligned = plan.usable && perCommunity.length === n;
  for (let i = 0; aligned && i < n; i++) if (perCommunity[i]!.code !== plan.codes[i]) aligned = false;
  if (!aligned) {
    const r = rollUp(perCommunity, plan.communities, plan.level, { units: plan.names });
    return { ...r, units: r.units.map((u) => unitRow(u.code, u.name, u)) };
  }

  const units: RollUpUnit[] = plan.units.map((u) => unitRow(u.code, u.name, ZERO));
  const { unitOf } = plan;
  for (let i = 0; i < n; i++) {
    const u = units[unitOf[i] as number]!;
    const r = perCommunity[i]!;
    u.communities++;
    u.households += r.households;
    u.households_covered += r.households_covered;
    u.population += r.population;
    u.population_covered += r.population_covered;
    u.elderly += r.elderly;
    u.elderly_covered += r.elderly_covered;
  }
  // Units found only through communities exist only when some community is in them (as in rollUp).
  const list = units.length > plan.listed && units.some((u, k) => k >= plan.listed && u.communities === 0)
    ? units.filter((u, k) => k < plan.listed || u.communities > 0)
    : units;
  const totals = zero();
  for (const u of list) {
    u.rate = u.households > 0 ? u.households_covered / u.households : 0;
    sum(totals, u);
  }
  totals.rate = totals.households > 0 ? totals.households_covered / totals.households : 0;
  return { level: plan.level, units: list, totals };
}

const ZERO: Omit<RollUpUnit, 'code' | 'name'> = Object.freeze(zero());

/** A unit with its members in the order of a coverage answer's units. @private */
function unitRow(code: string, name: string, c: Omit<RollUpUnit, 'code' | 'name'>): RollUpUnit {
  return {
    code, name, households: c.households, households_covered: c.households_covered, rate: c.rate, population: c.population,
    population_covered: c.population_covered, elderly: c.elderly, elderly_covered: c.elderly_covered, communities: c.communities,
  };
}
