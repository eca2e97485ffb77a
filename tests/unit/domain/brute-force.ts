/**
 * The brute-force oracle: every demand point against every counted facility with GeographicLib
 * (not a test file).
 */
import { fallbackGrid } from '../../../api/src/domain/coverage/fallback-grid.ts';
import type { CommunityCoverage, ComputeOptions, CoverageInput, CoverageRule } from '../../../api/src/domain/coverage/model.ts';
import { isOpenOn } from '../../../api/src/domain/coverage/model.ts';
import { geodesicDistanceMeters } from '../../../api/src/domain/geo/geodesic-distance.ts';

interface Site {
  code: string;
  type: string;
  lon: number;
  lat: number;
}

/** The counted facilities, straight from the definitions. */
export function countedFacilities(input: CoverageInput, rule: CoverageRule, options: ComputeOptions): Site[] {
  const types = new Set(rule.map((p) => p.type));
  const excluded = new Set(options.excludedFacilityCodes ?? []);
  const base = input.facilities.filter(
    (f) => types.has(f.type) && !excluded.has(f.code) && isOpenOn(f, options.asOf, { includePlanned: options.includePlanned ?? false }),
  );
  return [...base, ...(options.extraFacilities ?? []).filter((f) => types.has(f.type))];
}

/** Whether [lon, lat] is within reach of any counted facility (GeographicLib, point first). */
export function coveredByBruteForce(lon: number, lat: number, sites: readonly Site[], rule: CoverageRule): boolean {
  return sites.some((f) => rule.some((p) => p.type === f.type && geodesicDistanceMeters([lon, lat], [f.lon, f.lat]) <= p.reachMeters));
}

/** Per-community coverage by brute force, same shape and order as engine.compute. */
export function bruteForceCoverage(input: CoverageInput, rule: CoverageRule, options: ComputeOptions): CommunityCoverage[] {
  const sites = countedFacilities(input, rule, options);
  return input.communities.map((c) => {
    const own = input.buildings.filter((b) => b.community_code === c.code);
    let households = 0;
    let households_covered = 0;
    let buildings_covered = 0;
    const fallback = own.length === 0;
    if (fallback) {
      const { points } = fallbackGrid(c.geometry);
      const covered = points.filter(([lon, lat]) => coveredByBruteForce(lon as number, lat as number, sites, rule)).length;
      households = c.households;
      households_covered = Math.round((c.households * covered) / points.length);
    } else {
      for (const b of own) {
        households += b.households;
        if (coveredByBruteForce(b.lon, b.lat, sites, rule)) {
          households_covered += b.households;
          buildings_covered++;
        }
      }
    }
    const share = (v: number): number => (households > 0 ? (v * households_covered) / households : 0);
    return {
      code: c.code,
      households,
      households_covered,
      buildings: own.length,
      buildings_covered,
      population: c.population,
      population_covered: share(c.population),
      elderly: c.elderly,
      elderly_covered: share(c.elderly),
      rate: households > 0 ? households_covered / households : 0,
      fallback,
    };
  });
}
