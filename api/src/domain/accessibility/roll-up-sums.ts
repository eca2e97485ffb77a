import type { CoverageCommunity } from '../coverage/model.ts';
import type { RollUpLevel, RollUpUnitNames } from '../coverage/roll-up.ts';

/** One unit of {@link rollUpSums}: the summed fields plus the number of communities. */
export type SummedUnit<K extends string> = { code: string; name: string; communities: number } & Record<K, number>;

/**
 * Sums numeric fields of per-community rows to communities, streets, districts or the city, with
 * the unit order of the coverage roll-up: streets and districts listed in `options.units` first, in
 * that order (zeros when none of their communities is in `rows`), then units found only through
 * communities, by code, named by their code. Ratios are left to the caller (sum first, divide once:
 * a demand-weighted mean of community ratios is Σ supply / Σ demand).
 *
 * @param {Object[]} rows per-community rows with `code` and the fields to sum
 * @param {Object[]} communities the communities (code, name, street_code, district_code)
 * @param {string} level 'community' | 'street' | 'district' | 'city'
 * @param {string[]} fields names of the numeric fields to sum
 * @param {Object} [options={}] Optional parameters
 * @param {Object} [options.units={}] names: { streets: [{code,name,district_code}], districts: [{code,name,kind}], city: {code,name} }
 * @returns {{ units: Object[], totals: Object }} the units and the sums over all of them
 * @example
 * const { units } = rollUpSums(result.perCommunity, communities, 'street', ['demand', 'supply_reachable'], { units: { streets } });
 * units.map((u) => u.supply_reachable / u.demand);
 */
export function rollUpSums<K extends string>(
  rows: ReadonlyArray<{ code: string } & Record<K, number>>,
  communities: ReadonlyArray<Pick<CoverageCommunity, 'code' | 'name' | 'street_code' | 'district_code'>>,
  level: RollUpLevel,
  fields: readonly K[],
  options: { units?: RollUpUnitNames } = {},
): { units: SummedUnit<K>[]; totals: Omit<SummedUnit<K>, 'code' | 'name'> } {
  // Input validation
  if (!Array.isArray(rows)) throw new Error('Invalid input to rollUpSums: rows must be an array of per-community rows');
  if (!Array.isArray(communities)) throw new Error('Invalid input to rollUpSums: communities must be an array of { code, name, street_code, district_code }');
  if (!['community', 'street', 'district', 'city'].includes(level)) {
    throw new Error(`Invalid input to rollUpSums: level must be 'community', 'street', 'district' or 'city', got ${JSON.stringify(level)}`);
  }
  if (!Array.isArray(fields)) throw new Error('Invalid input to rollUpSums: fields must be an array of field names');
  const byCode = new Map(communities.map((c) => [c.code, c]));
  rows.forEach((row, i) => {
    if (!byCode.has(row?.code)) throw new Error(`Invalid input to rollUpSums: rows[${i}].code ${JSON.stringify(row?.code)} is not in communities`);
    for (const f of fields) {
      if (typeof row[f] !== 'number' || !Number.isFinite(row[f])) throw new Error(`Invalid input to rollUpSums: rows[${i}].${f} must be a finite number, got ${String(row[f])}`);
    }
  });

  const names = options.units ?? {};
  const zero = (): Omit<SummedUnit<K>, 'code' | 'name'> => {
    const z = { communities: 0 } as Record<string, number>;
    for (const f of fields) z[f] = 0;
    return z as Omit<SummedUnit<K>, 'code' | 'name'>;
  };
  const groups = new Map<string, SummedUnit<K>>();
  const open = (code: string, name: string): SummedUnit<K> => {
    let u = groups.get(code);
    if (!u) {
      u = { code, name, ...zero() } as SummedUnit<K>;
      groups.set(code, u);
    }
    return u;
  };
  const city = names.city ?? { code: 'city', name: 'city' };
  if (level === 'street') for (const s of names.streets ?? []) open(s.code, s.name);
  if (level === 'district') for (const d of names.districts ?? []) open(d.code, d.name);
  if (level === 'city') open(city.code, city.name);
  const listed = groups.size;

  for (const row of rows) {
    const c = byCode.get(row.code) as Pick<CoverageCommunity, 'code' | 'name' | 'street_code' | 'district_code'>;
    const [code, name] =
      level === 'community' ? [c.code, c.name]
        : level === 'street' ? [c.street_code, c.street_code]
          : level === 'district' ? [c.district_code, c.district_code]
            : [city.code, city.name];
    const u = open(code, name) as Record<string, number>;
    u.communities = (u.communities as number) + 1;
    for (const f of fields) u[f] = (u[f] as number) + row[f];
  }

  let units = [...groups.values()];
  if (level === 'street' || level === 'district') {
    units = [...units.slice(0, listed), ...units.slice(listed).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))];
  }
  const totals = zero() as Record<string, number>;
  for (const u of units as Array<Record<string, number>>) {
    totals.communities = (totals.communities as number) + (u.communities as number);
    for (const f of fields) totals[f] = (totals[f] as number) + (u[f] as number);
  }
  return { units, totals: totals as Omit<SummedUnit<K>, 'code' | 'name'> };
}
