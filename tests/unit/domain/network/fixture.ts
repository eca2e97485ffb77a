/** Loads the hand-built network fixtures of tests/fixtures/network (see its README). */
import { readFileSync } from 'node:fs';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { CoverageBuilding, CoverageCommunity, CoverageFacility, CoverageInput } from '../../../../api/src/domain/coverage/index.ts';

const DIR = new URL('../../../fixtures/network/', import.meta.url);

/** One unit (0.001°) along the equator and along a meridian near it, metres (hand-computed, README). */
export const H = (6378137 * 0.001 * Math.PI) / 180;
export const V = (6378137 * (1 - 0.0066943799901413165) * 0.001 * Math.PI) / 180;

export interface NetworkFixture {
  lines: FeatureCollection<LineString, { walkable?: boolean; name: string }>;
  input: CoverageInput;
  expected: {
    maxSnapM: number;
    nodes: number;
    edges: number;
    components: number;
    distances: Record<string, { h: number; v: number; facility: string } | null>;
    covered_within_400_m: string[];
  };
}

export function loadNetworkFixture(name: string): NetworkFixture {
  const all = JSON.parse(readFileSync(new URL(`in/${name}.geojson`, DIR), 'utf8')) as FeatureCollection;
  const expected = JSON.parse(readFileSync(new URL(`out/${name}.json`, DIR), 'utf8')) as NetworkFixture['expected'];
  const role = (r: string) => all.features.filter((f) => f.properties?.role === r);
  const lines = { type: 'FeatureCollection' as const, features: role('street') as Array<Feature<LineString, { walkable?: boolean; name: string }>> };
  const community: CoverageCommunity = {
    code: 'C1', name: 'C1', street_code: 'S1', district_code: 'D1', households: 0, population: 100, elderly: 10,
    geometry: { type: 'Polygon', coordinates: [[[-0.01, -0.01], [0.01, -0.01], [0.01, 0.01], [-0.01, 0.01], [-0.01, -0.01]]] },
  };
  const point = (f: Feature) => (f as Feature<Point>).geometry.coordinates as [number, number];
  const buildings: CoverageBuilding[] = role('building').map((f) => ({ code: f.properties!.code, community_code: 'C1', households: 10, lon: point(f)[0], lat: point(f)[1] }));
  const facilities: CoverageFacility[] = role('facility').map((f) => ({
    code: f.properties!.code, type: 'health_station', status: 'open', opened_on: null, closed_on: null, lon: point(f)[0], lat: point(f)[1],
  }));
  return { lines, input: { communities: [community], buildings, facilities }, expected };
}
