import { parse } from 'csv-parse/sync';
import { SitingInputError } from './errors.ts';
import type { SitingProblem } from './model.ts';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

interface Row {
  line: number;
  values: string[];
}

/** Parses CSV text into rows with their line numbers, checking the header names (in any order). */
function readCsv(text: string, file: string, columns: readonly string[]): { rows: Row[]; at: number[] } {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, info: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as unknown as typeof records;
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    throw new SitingInputError(`${file}${e.lines ? ` line ${e.lines}` : ''}`, `is not valid CSV: ${e.message ?? String(err)}`);
  }
  const header = records[0]?.record.map((h) => h.toLowerCase());
  if (!header) throw new SitingInputError(file, `is empty; expected a header ${columns.join(',')}`);
  const at = columns.map((c) => header.indexOf(c));
  const missing = columns.filter((_, k) => (at[k] as number) < 0);
  if (missing.length > 0) throw new SitingInputError(`${file} line 1`, `the header must name ${columns.join(', ')}; missing ${missing.join(', ')}`);
  const rows = records.slice(1).map(({ record, info }) => {
    if (record.length !== header.length) throw new SitingInputError(`${file} line ${info.lines}`, `has ${record.length} fields, the header ${header.length}`);
    return { line: info.lines, values: record };
  });
  return { rows, at };
}

function numberAt(row: Row, col: number, file: string, name: string, min: number): number {
  const raw = row.values[col] as string;
  const v = NUMBER.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(v) || v < min) throw new SitingInputError(`${file} line ${row.line}: ${name}`, `must be a number ≥ ${min}, got ${JSON.stringify(raw)}`);
  return v;
}

function textAt(row: Row, col: number, file: string, name: string): string {
  const raw = row.values[col] as string;
  if (raw === '') throw new SitingInputError(`${file} line ${row.line}: ${name}`, 'is empty');
  return raw;
}

/**
 * A siting problem from two CSV files, for costs computed elsewhere (a routing engine's network
 * distances or times): `demand.csv` with columns `id,weight`, and `costs.csv` with
 * `demand_id,site_id,cost` (one row per reachable pair; missing pairs are unreachable). Sites are
 * numbered in order of first appearance in costs.csv. Errors name the file, line and field.
 *
 * @param {string} demandCsv text of demand.csv
 * @param {string} costsCsv text of costs.csv
 * @param {Object} [options={}] Optional parameters
 * @param {string} [options.demandFile='demand.csv'] file name used in error messages
 * @param {string} [options.costsFile='costs.csv'] file name used in error messages
 * @returns {SitingProblem} the problem (no existing facilities)
 * @example
 * const problem = matrixProblem(readFileSync('demand.csv', 'utf8'), readFileSync('costs.csv', 'utf8'));
 */
export function matrixProblem(demandCsv: string, costsCsv: string, options: { demandFile?: string; costsFile?: string } = {}): SitingProblem {
  // Input validation
  const demandFile = options.demandFile ?? 'demand.csv';
  const costsFile = options.costsFile ?? 'costs.csv';
  if (typeof demandCsv !== 'string') throw new SitingInputError(demandFile, 'must be CSV text');
  if (typeof costsCsv !== 'string') throw new SitingInputError(costsFile, 'must be CSV text');

  const demand = readCsv(demandCsv, demandFile, ['id', 'weight']);
  const [idCol, weightCol] = demand.at as [number, number];
  const demandIds: string[] = [];
  const weights: number[] = [];
  const indexOfDemand = new Map<string, number>();
  for (const row of demand.rows) {
    const id = textAt(row, idCol, demandFile, 'id');
    if (indexOfDemand.has(id)) throw new SitingInputError(`${demandFile} line ${row.line}: id`, `${JSON.stringify(id)} appears twice`);
    indexOfDemand.set(id, demandIds.length);
    demandIds.push(id);
    weights.push(numberAt(row, weightCol, demandFile, 'weight', 0));
  }
  if (demandIds.length === 0) throw new SitingInputError(demandFile, 'has no demand rows');

  const costs = readCsv(costsCsv, costsFile, ['demand_id', 'site_id', 'cost']);
  const [dCol, sCol, cCol] = costs.at as [number, number, number];
  const siteIds: string[] = [];
  const indexOfSite = new Map<string, number>();
  const pairs: Array<{ site: number; demand: number; cost: number }> = [];
  const seen = new Map<string, number>();
  for (const row of costs.rows) {
    const d = textAt(row, dCol, costsFile, 'demand_id');
    const demandIndex = indexOfDemand.get(d);
    if (demandIndex === undefined) throw new SitingInputError(`${costsFile} line ${row.line}: demand_id`, `${JSON.stringify(d)} is not in ${demandFile}`);
    const s = textAt(row, sCol, costsFile, 'site_id');
    let site = indexOfSite.get(s);
    if (site === undefined) {
      site = siteIds.length;
      indexOfSite.set(s, site);
      siteIds.push(s);
    }
    const key = `${demandIndex} ${site}`;
    const first = seen.get(key);
    if (first !== undefined) throw new SitingInputError(`${costsFile} line ${row.line}`, `pair (${d}, ${s}) was already given on line ${first}`);
    seen.set(key, row.line);
    pairs.push({ site, demand: demandIndex, cost: numberAt(row, cCol, costsFile, 'cost', 0) });
  }
  if (siteIds.length === 0) throw new SitingInputError(costsFile, 'has no cost rows, so there are no sites');

  pairs.sort((a, b) => a.site - b.site || a.demand - b.demand);
  const siteStart = new Uint32Array(siteIds.length + 1);
  for (const p of pairs) siteStart[p.site + 1] = (siteStart[p.site + 1] as number) + 1;
  for (let j = 0; j < siteIds.length; j++) siteStart[j + 1] = (siteStart[j + 1] as number) + (siteStart[j] as number);
  return {
    demandIds,
    weights: Float64Array.from(weights),
    siteIds,
    siteStart,
    demandIndex: Uint32Array.from(pairs, (p) => p.demand),
    cost: Float64Array.from(pairs, (p) => p.cost),
  };
}

/**
 * Site indices of a list of site ids (for --force / --exclude), naming the unknown ones.
 *
 * @param {SitingProblem} problem the problem
 * @param {string[]} ids site ids
 * @param {string} field name used in error messages (e.g. 'forced', '--force')
 * @returns {number[]} the indices, in the order given
 * @example
 * const forced = siteIndices(problem, ['S12', 'S40'], '--force');
 */
export function siteIndices(problem: SitingProblem, ids: readonly string[], field: string): number[] {
  const at = new Map(problem.siteIds.map((id, j) => [id, j] as const));
  return ids.map((id) => {
    const j = at.get(id);
    if (j === undefined) throw new SitingInputError(field, `site ${JSON.stringify(id)} is not a candidate site`);
    return j;
  });
}

/**
 * Site capacities from `caps.csv` text (columns `site_id,capacity`, capacity ≥ 0), by site id.
 * Errors name the file, line and field.
 *
 * @param {string} text text of caps.csv
 * @param {string} [file='caps.csv'] file name used in error messages
 * @returns {Map<string, number>} capacity by site id
 * @example
 * const caps = capacityRows(readFileSync('caps.csv', 'utf8'));
 */
export function capacityRows(text: string, file = 'caps.csv'): Map<string, number> {
  const { rows, at } = readCsv(text, file, ['site_id', 'capacity']);
  const [sCol, cCol] = at as [number, number];
  const out = new Map<string, number>();
  for (const row of rows) {
    const id = textAt(row, sCol, file, 'site_id');
    if (out.has(id)) throw new SitingInputError(`${file} line ${row.line}: site_id`, `${JSON.stringify(id)} appears twice`);
    out.set(id, numberAt(row, cCol, file, 'capacity', 0));
  }
  if (out.size === 0) throw new SitingInputError(file, 'has no capacity rows');
  return out;
}

/**
 * Point coordinates from CSV text (columns `<idColumn>,lon,lat`, WGS 84 degrees), by id: candidate
 * sites for min spacing in matrix mode (`site_id,lon,lat`), or existing facilities (`id,lon,lat`).
 * Errors name the file, line and field.
 *
 * @param {string} text CSV text
 * @param {string} file file name used in error messages
 * @param {string} [idColumn='site_id'] name of the id column
 * @returns {Map<string, {lon: number, lat: number}>} coordinates by id
 * @example
 * const at = coordinateRows(readFileSync('sites.csv', 'utf8'), 'sites.csv');
 */
export function coordinateRows(text: string, file: string, idColumn = 'site_id'): Map<string, { lon: number; lat: number }> {
  const { rows, at } = readCsv(text, file, [idColumn, 'lon', 'lat']);
  const [iCol, xCol, yCol] = at as [number, number, number];
  const out = new Map<string, { lon: number; lat: number }>();
  for (const row of rows) {
    const id = textAt(row, iCol, file, idColumn);
    if (out.has(id)) throw new SitingInputError(`${file} line ${row.line}: ${idColumn}`, `${JSON.stringify(id)} appears twice`);
    const lon = numberAt(row, xCol, file, 'lon', -180);
    const lat = numberAt(row, yCol, file, 'lat', -90);
    if (lon > 180) throw new SitingInputError(`${file} line ${row.line}: lon`, `must be ≤ 180, got ${lon}`);
    if (lat > 90) throw new SitingInputError(`${file} line ${row.line}: lat`, `must be ≤ 90, got ${lat}`);
    out.set(id, { lon, lat });
  }
  if (out.size === 0) throw new SitingInputError(file, 'has no rows');
  return out;
}
