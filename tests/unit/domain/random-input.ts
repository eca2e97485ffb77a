/**
 * Deterministic random coverage inputs for the engine's brute-force tests (not a test file).
 */
import type { Polygon } from 'geojson';
import type { CoverageBuilding, CoverageCommunity, CoverageFacility, CoverageInput, FacilityStatus } from '../../../api/src/domain/coverage/model.ts';
import { geodesicDestination } from '../../../api/src/domain/geo/geodesic-destination.ts';
import { geodesicDistanceMeters } from '../../../api/src/domain/geo/geodesic-distance.ts';
import { normalizeLongitudeDelta } from '../../../api/src/domain/geo/longitude.ts';

/** mulberry32: a small seeded generator. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomCase {
  input: CoverageInput;
  /** Reach of type 'a' and 'b', each equal to the GeographicLib distance of one building–facility pair. */
  reachA: number;
  reachB: number;
  /** Buildings whose GeographicLib distance to an open facility is exactly the reach (BA, BB). */
  exactlyAtReach: string[];
  /** Buildings placed with GeographicLib Direct at the reach (± rounding), 1 mm inside, 1 mm outside of some facility. */
  atReach: string[];
  inside1mm: string[];
  outside1mm: string[];
  asOf: string;
}

/**
 * A grid of 5 × 4 square communities (0.01° side) around `center`, ~`buildings` buildings and
 * ~`facilities` facilities of types 'a' (≈300 m) and 'b' (≈1000 m) plus an unrelated type 'z', with
 * random statuses and dates; one community has no buildings (fallback), 2 % of buildings have no
 * community. Longitudes are normalised to [-180, 180), so a centre at 179.99 straddles the antimeridian.
 */
export function randomCase(seed: number, center: [number, number], counts = { buildings: 2000, facilities: 200 }): RandomCase {
  const rnd = createRandom(seed);
  const side = 0.01;
  const cols = 5;
  const rows = 4;
  const west = center[0] - (cols * side) / 2;
  const south = center[1] - (rows * side) / 2;
  const norm = (lon: number): number => normalizeLongitudeDelta(lon);
  const communities: CoverageCommunity[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x0 = west + c * side;
      const y0 = south + r * side;
      const ring = [
        [x0, y0],
        [x0 + side, y0],
        [x0 + side, y0 + side],
        [x0, y0 + side],
        [x0, y0],
      ].map(([x, y]) => [norm(x as number), y as number]);
      const households = 500 + Math.floor(rnd() * 1500);
      const population = Math.round(households * (2.6 + rnd() * 0.4));
      communities.push({
        code: `C${r}${c}`,
        name: `社区${r}${c}`,
        street_code: `S${r}`,
        district_code: r < 2 ? 'D1' : 'D2',
        households,
        population,
        elderly: Math.round(population * 0.15),
        geometry: { type: 'Polygon', coordinates: [ring] } as Polygon,
      });
    }
  }
  const fallbackCode = 'C30';
  const communityAt = (lon: number, lat: number): string | null => {
    const c = Math.floor(normalizeLongitudeDelta(lon - west) / side);
    const r = Math.floor((lat - south) / side);
    return c >= 0 && c < cols && r >= 0 && r < rows ? `C${r}${c}` : null;
  };
  const randomPoint = (): [number, number] => [norm(west + rnd() * cols * side), south + rnd() * rows * side];

  const facilities: CoverageFacility[] = [];
  const statuses: FacilityStatus[] = ['open', 'open', 'open', 'open', 'open', 'open', 'planned', 'closed'];
  const date = (y0: number, y1: number): string =>
    `${y0 + Math.floor(rnd() * (y1 - y0 + 1))}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  for (let i = 0; i < counts.facilities; i++) {
    const [lon, lat] = randomPoint();
    const status = statuses[Math.floor(rnd() * statuses.length)] as FacilityStatus;
    const opened_on = rnd() < 0.2 ? null : date(1995, 2026);
    const closed_on = status === 'closed' ? (rnd() < 0.2 ? null : date(2015, 2027)) : null;
    const type = rnd() < 0.55 ? 'a' : rnd() < 0.8 ? 'b' : 'z';
    facilities.push({ code: `F${String(i).padStart(4, '0')}`, type, status, opened_on: status === 'planned' && rnd() < 0.5 ? null : opened_on, closed_on, lon, lat });
  }
  // Two always-open anchors whose distance to one building each defines the reaches exactly.
  const anchorA: CoverageFacility = { code: 'FA', type: 'a', status: 'open', opened_on: null, closed_on: null, lon: norm(center[0] - 0.004), lat: center[1] };
  const anchorB: CoverageFacility = { code: 'FB', type: 'b', status: 'open', opened_on: '2000-01-01', closed_on: null, lon: norm(center[0] + 0.004), lat: center[1] + 0.001 };
  facilities.push(anchorA, anchorB);

  const buildings: CoverageBuilding[] = [];
  const addBuilding = (code: string, lon: number, lat: number): void => {
    lon = norm(lon);
    const community = communityAt(lon, lat);
    const unassigned = rnd() < 0.02 || community === fallbackCode;
    buildings.push({ code, community_code: unassigned ? null : community, households: 1 + Math.floor(rnd() * 120), lon, lat });
  };
  const [aLon, aLat] = geodesicDestination([anchorA.lon, anchorA.lat], 33, 300);
  const [bLon, bLat] = geodesicDestination([anchorB.lon, anchorB.lat], 211, 1000);
  addBuilding('BA', aLon as number, aLat as number);
  addBuilding('BB', bLon as number, bLat as number);
  const reachA = geodesicDistanceMeters([norm(aLon as number), aLat as number], [anchorA.lon, anchorA.lat]);
  const reachB = geodesicDistanceMeters([norm(bLon as number), bLat as number], [anchorB.lon, anchorB.lat]);
  // Force the two anchor buildings into a community so that they count.
  for (const b of buildings) b.community_code = communityAt(b.lon, b.lat);

  const exactlyAtReach = ['BA', 'BB'];
  const atReach: string[] = [];
  const inside1mm: string[] = [];
  const outside1mm: string[] = [];
  let n = 0;
  for (const f of facilities) {
    if (f.type === 'z' || n >= 120) continue;
    const reach = f.type === 'a' ? reachA : reachB;
    for (const [offset, list] of [[0, atReach], [-0.001, inside1mm], [0.001, outside1mm]] as const) {
      const [lon, lat] = geodesicDestination([f.lon, f.lat], rnd() * 360, reach + offset);
      const code = `BX${n++}`;
      addBuilding(code, lon as number, lat as number);
      list.push(code);
    }
  }
  while (buildings.length < counts.buildings) {
    const [lon, lat] = randomPoint();
    addBuilding(`B${String(buildings.length).padStart(5, '0')}`, lon, lat);
  }
  return { input: { communities, buildings, facilities }, reachA, reachB, exactlyAtReach, atReach, inside1mm, outside1mm, asOf: '2020-06-15' };
}
