import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_CAST } from '../domain/csv-cells.ts';
import type { CoverageReport } from './coverage.ts';

export const COVERAGE_CSV_COLUMNS = [
  'code', 'name', 'households', 'households_covered', 'rate', 'population', 'population_covered', 'elderly', 'elderly_covered',
] as const;

/** Units as CSV (UTF-8, header row, one row per unit; totals are the `level=city` row). */
export function coverageCsv(report: CoverageReport): string {
  return stringify(report.units, { header: true, cast: SAFE_CSV_CAST, columns: [...COVERAGE_CSV_COLUMNS] });
}

/** Units as GeoJSON features carrying the figures, with the report's other members as foreign members. */
export function coverageGeoJson(report: CoverageReport, shapes: Map<string, Geometry | null>): FeatureCollection {
  // The report's `type` (facility types) becomes `facility_type`: `type` is GeoJSON's own member.
  const { units, type, ...rest } = report;
  const features: Feature[] = units.map((u) => ({ type: 'Feature', id: u.code, geometry: shapes.get(u.code) ?? null, properties: { ...u } }) as Feature);
  return { ...(rest as object), facility_type: type, type: 'FeatureCollection', features } as FeatureCollection;
}

/** `format=compact`: per unit only what the map colours and its popup show. */
export interface CompactCoverage extends Omit<CoverageReport, 'units' | 'fallback_communities'> {
  format: 'compact';
  columns: ['households_covered', 'households'];
  /** code → [households_covered, households]; rate = households_covered / households (0 when households = 0). */
  units: Record<string, [number, number]>;
}

/** The map's form of a coverage report: `code → [covered, households]`, a fifth of the JSON's bytes. */
export function coverageCompact(report: CoverageReport): CompactCoverage {
  const { units, fallback_communities: _fallback, ...head } = report;
  const out: Record<string, [number, number]> = {};
  for (const u of units) out[u.code] = [u.households_covered, u.households];
  return { ...head, format: 'compact', columns: ['households_covered', 'households'], units: out };
}
