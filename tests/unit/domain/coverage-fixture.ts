/**
 * Reads a coverage fixture (tests/fixtures/coverage/in/<case>.geojson) into the engine's input
 * (not a test file). A fixture is a FeatureCollection of communities (Polygon/MultiPolygon with
 * code, name, street_code, district_code, households, population, elderly), buildings (Point,
 * kind 'building', code, community_code, households) and facilities (Point, kind 'facility', code,
 * type, status, opened_on, closed_on), plus a top-level "lifecircle" member with the rule, asOf,
 * includePlanned and a description.
 */
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson';
import type { CoverageInput, CoverageRule, FacilityStatus } from '../../../api/src/domain/coverage/model.ts';

export interface CoverageFixture {
  input: CoverageInput;
  rule: CoverageRule;
  asOf: string;
  includePlanned: boolean;
  description: string;
}

type Props = Record<string, unknown>;

export function loadCoverageFixture(path: string): CoverageFixture {
  const fc = JSON.parse(readFileSync(path, 'utf8')) as FeatureCollection<Geometry, Props> & {
    lifecircle?: { rule: CoverageRule; asOf: string; includePlanned?: boolean; description?: string };
  };
  if (fc.type !== 'FeatureCollection' || !fc.lifecircle) throw new Error(`${path}: expected a FeatureCollection with a "lifecircle" member`);
  const input: CoverageInput = { communities: [], buildings: [], facilities: [] };
  const communities = input.communities as CoverageInput['communities'][number][];
  const buildings = input.buildings as CoverageInput['buildings'][number][];
  const facilities = input.facilities as CoverageInput['facilities'][number][];
  for (const f of fc.features) {
    const p = f.properties;
    if (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon') {
      communities.push({
        code: p.code as string,
        name: p.name as string,
        street_code: p.street_code as string,
        district_code: p.district_code as string,
        households: p.households as number,
        population: p.population as number,
        elderly: p.elderly as number,
        geometry: (f as Feature<Polygon | MultiPolygon>).geometry,
      });
    } else if (f.geometry.type === 'Point' && p.kind === 'building') {
      const [lon, lat] = (f as Feature<Point>).geometry.coordinates as [number, number];
      buildings.push({ code: p.code as string, community_code: (p.community_code as string | null) ?? null, households: p.households as number, lon, lat });
    } else if (f.geometry.type === 'Point' && p.kind === 'facility') {
      const [lon, lat] = (f as Feature<Point>).geometry.coordinates as [number, number];
      facilities.push({
        code: p.code as string,
        type: p.type as string,
        status: p.status as FacilityStatus,
        opened_on: (p.opened_on as string | null) ?? null,
        closed_on: (p.closed_on as string | null) ?? null,
        lon,
        lat,
      });
    } else {
      throw new Error(`${path}: unexpected feature ${JSON.stringify(p)}`);
    }
  }
  const { rule, asOf, includePlanned = false, description = '' } = fc.lifecircle;
  return { input, rule, asOf, includePlanned, description };
}
