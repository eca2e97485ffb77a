import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from '../db/connect.ts';
import { indexCity, type CityIndex, type PlanCity } from '../domain/plans/index.ts';
import { readDataVersion } from '../db/repositories/data-version.ts';
import { readCommunityShapes, readPlanCityRows, type PlanFacilityRow } from '../db/repositories/plans.ts';

export type { PlanFacilityRow };

/** The city as plan evaluation reads it, at one data version. */
export interface PlanCitySnapshot {
  version: string;
  index: CityIndex;
  facilities: PlanFacilityRow[];
  /**
   * A scenario's city (scenario-plan-city.ts): the baseline city it was derived from, the facility types
   * its changes touch (added, closed and moved facilities' types), the codes of those facilities, and
   * the added and moved ones as the scenario has them.
   */
  delta?: { base: PlanCitySnapshot; types: ReadonlySet<string>; codes: ReadonlySet<string>; changed: readonly PlanFacilityRow[] };
}

/**
 * Reads communities, streets, districts, facilities (each with the community containing it) and the
 * facility-type catalogue in one repeatable-read transaction, so the parts and the version agree.
 */
export async function loadPlanCity(db: Db): Promise<PlanCitySnapshot> {
  const parts = await db.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const version = (await readDataVersion(tx)) ?? '0';
    return { version, ...(await readPlanCityRows(tx)) };
  });
  const city: PlanCity = {
    communities: parts.communities.map((c) => ({ ...c, properties: c.properties ?? {} })),
    streets: parts.units
      .filter((u) => u.level === 'street')
      .map((u) => ({ code: u.code, name: u.name, kind: u.kind as 'street' | 'township', district_code: u.parent_code!, properties: u.properties ?? {} })),
    // A district's class (Beijing's 城区 / 近郊区 / 远郊区县) is its properties.class: profiles select on it.
    districts: parts.units
      .filter((u) => u.level === 'district')
      .map((u) => ({ code: u.code, name: u.name, kind: u.kind as 'district' | 'county', class: classOf(u.properties), properties: u.properties ?? {} })),
    facilities: parts.facilities.map((f) => ({ ...f, properties: f.properties ?? {} })),
    types: [...parts.types],
  };
  return { version: parts.version, index: indexCity(city), facilities: city.facilities as PlanFacilityRow[] };
}

function classOf(properties: Record<string, unknown> | null): string | null {
  const raw = properties?.['class'];
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
}

/** Community polygons for report maps. */
export function loadCommunityShapes(db: Db): Promise<Map<string, Polygon | MultiPolygon>> {
  return readCommunityShapes(db.sql);
}
