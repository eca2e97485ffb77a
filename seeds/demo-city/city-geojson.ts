import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { FacilityDraft } from './facilities.ts';
import { signedAreaSquareMeters, type PlanePoint } from './geometry.ts';
import type { Mesh } from './mesh.ts';
import type { CommunityProperties } from '../../api/src/schema/community.ts';
import type { FacilityProperties } from '../../api/src/schema/facility.ts';

/**
 * The last step of the demo city: its plans (plane metres) as GeoJSON in lon/lat, rounded to 7
 * decimals by the projection: communities, buildings, facilities, the network, the railway and the
 * river. Codes are given here, in order (`…B001`, `F000001`, `N000001`).
 */

export interface BuildingProperties {
  code: string;
  community_code: string;
  households: number;
}

const RIVER_NAME = '玉带河';
const RAIL_NAME = '鲁中铁路';
export const RIVER_HALF_WIDTH_M = 45;

type ToLonLat = (p: PlanePoint) => Position;

/** A community as the generator planned it: its cells, street, counts and buildings. */
export interface PlannedCommunity {
  cells: number[];
  street: number;
  code: string;
  name: string;
  households: number;
  population: number;
  elderly: number;
  buildings: Array<{ point: PlanePoint; households: number }>;
  properties?: Record<string, unknown>;
}

/** A closed lon/lat ring of a plane ring (the first position repeated at the end). */
function ringToLonLat(ring: readonly PlanePoint[], toLonLat: ToLonLat): Position[] {
  const coordinates: Position[] = ring.map(toLonLat);
  coordinates.push([...(coordinates[0] as Position)]);
  return coordinates;
}

/** Communities as MultiPolygons of their cells. */
export function communityFeatures(
  communities: readonly PlannedCommunity[],
  streetCode: (street: number) => string,
  cellPoints: (cell: number) => PlanePoint[],
  toLonLat: ToLonLat,
): Array<Feature<MultiPolygon, CommunityProperties>> {
  return communities.map((c) => ({
    type: 'Feature',
    id: c.code,
    properties: {
      code: c.code,
      name: c.name,
      street_code: streetCode(c.street),
      households: c.households,
      population: c.population,
      elderly: c.elderly,
      properties: c.properties,
    },
    geometry: { type: 'MultiPolygon', coordinates: c.cells.map((cell) => [ringToLonLat(cellPoints(cell), toLonLat)]) },
  }));
}

/** Residential buildings, coded after their community (`C0001B001`). */
export function buildingFeatures(communities: readonly PlannedCommunity[], toLonLat: ToLonLat): Array<Feature<Point, BuildingProperties>> {
  return communities.flatMap((c) =>
    c.buildings.map((building, k) => {
      const code = `${c.code}B${String(k + 1).padStart(3, '0')}`;
      return {
        type: 'Feature' as const,
        id: code,
        properties: { code, community_code: c.code, households: building.households },
        geometry: { type: 'Point' as const, coordinates: toLonLat(building.point) },
      };
    }),
  );
}

/** Facilities in draft order, coded `F000001`…. */
export function facilityFeatures(drafts: readonly FacilityDraft[], toLonLat: ToLonLat): Array<Feature<Point, FacilityProperties>> {
  return drafts.map((draft, k) => {
    const code = `F${String(k + 1).padStart(6, '0')}`;
    return {
      type: 'Feature',
      id: code,
      properties: {
        code,
        name: draft.name,
        type: draft.type,
        status: draft.status,
        opened_on: draft.opened_on,
        closed_on: draft.closed_on,
        floor_area_m2: draft.floor_area_m2,
        site_area_m2: draft.site_area_m2,
        beds: draft.beds,
        gp_count: draft.gp_count,
        grade: draft.grade,
        service_items: draft.service_items,
        ...(draft.properties ? { properties: draft.properties } : {}),
      },
      geometry: { type: 'Point', coordinates: toLonLat(draft.point) },
    };
  });
}

/** Network lines, coded `N000001`…. */
export function networkFeatures(
  lines: ReadonlyArray<{ kind: string; name: string | null; points: readonly PlanePoint[] }>,
  toLonLat: ToLonLat,
): Array<Feature<LineString, { kind: string; name: string | null }>> {
  return lines.map((line, k) => ({
    type: 'Feature',
    id: `N${String(k + 1).padStart(6, '0')}`,
    properties: { kind: line.kind, name: line.name },
    geometry: { type: 'LineString', coordinates: line.points.map(toLonLat) },
  }));
}

/** The stretch of a mesh line across the city plus `marginM` each side. */
function inCityStretch(mesh: Mesh, line: Mesh['river'], marginM: number): PlanePoint[] {
  let first = Infinity;
  let last = -Infinity;
  line.points.forEach((p, i) => {
    if (mesh.locate(p) >= 0) {
      first = Math.min(first, line.cumulativeM[i] as number);
      last = Math.max(last, line.cumulativeM[i] as number);
    }
  });
  return line.points.filter((_, i) => {
    const arc = line.cumulativeM[i] as number;
    return arc >= first - marginM && arc <= last + marginM;
  });
}

/** The railway (a barrier) and the river (its water polygon and centre line), across the city. */
export function railAndRiver(
  mesh: Mesh,
  toLonLat: ToLonLat,
): {
  barriers: FeatureCollection<LineString, { kind: string; name: string }>;
  river: FeatureCollection<Polygon | LineString, { kind: string; name: string }>;
} {
  const riverLine = inCityStretch(mesh, mesh.river, 1000);
  const normals = riverLine.map((p, i) => {
    const prev = riverLine[Math.max(0, i - 1)] as PlanePoint;
    const next = riverLine[Math.min(riverLine.length - 1, i + 1)] as PlanePoint;
    const length = Math.hypot(next[0] - prev[0], next[1] - prev[1]);
    return [-(next[1] - prev[1]) / length, (next[0] - prev[0]) / length] as PlanePoint;
  });
  const left = riverLine.map((p, i) => [p[0] + RIVER_HALF_WIDTH_M * (normals[i] as PlanePoint)[0], p[1] + RIVER_HALF_WIDTH_M * (normals[i] as PlanePoint)[1]] as PlanePoint);
  const right = riverLine.map((p, i) => [p[0] - RIVER_HALF_WIDTH_M * (normals[i] as PlanePoint)[0], p[1] - RIVER_HALF_WIDTH_M * (normals[i] as PlanePoint)[1]] as PlanePoint);
  let waterRing = [...right, ...left.reverse()];
  if (signedAreaSquareMeters(waterRing) < 0) waterRing = waterRing.reverse();
  return {
    barriers: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'RAIL1',
          properties: { kind: 'rail', name: RAIL_NAME },
          geometry: { type: 'LineString', coordinates: inCityStretch(mesh, mesh.rail, 2000).map(toLonLat) },
        },
      ],
    },
    river: {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'RIVER1',
          properties: { kind: 'water', name: RIVER_NAME },
          geometry: { type: 'Polygon', coordinates: [ringToLonLat(waterRing, toLonLat)] },
        },
        {
          type: 'Feature',
          id: 'RIVER1-CL',
          properties: { kind: 'river', name: RIVER_NAME },
          geometry: { type: 'LineString', coordinates: riverLine.map(toLonLat) },
        },
      ],
    },
  };
}
