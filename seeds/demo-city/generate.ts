/**
 * Deterministic generator of 示范市 (Demo City), a fictional Chinese city around a given centre:
 * districts and a county, streets/townships, communities (Voronoi cells sharing exact edges),
 * residential buildings, facilities of every catalogue type, a walkable street network, a river
 * with a few bridges and a railway with a few underpasses.
 *
 * The same options always give byte-identical output: all randomness comes from a seeded sfc32
 * stream (./random.ts); nothing reads the clock, Math.random or the network.
 */
import type { FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import catalogue from '../facility-types.json' with { type: 'json' };
import { layOutAdministration, type District, type Street } from './administration.ts';
import { placeBuildings } from './buildings.ts';
import { buildingFeatures, communityFeatures, facilityFeatures, networkFeatures, railAndRiver, RIVER_HALF_WIDTH_M, type BuildingProperties } from './city-geojson.ts';
import { resolveCityOptions, type CityOptions } from './city-options.ts';
import { chooseExclaves } from './exclaves.ts';
import { facilityContext } from './facility-context.ts';
import { generateFacilities } from './facilities.ts';
import { createProjection, type PlanePoint } from './geometry.ts';
import { countHouseholds } from './households.ts';
import { buildMesh } from './mesh.ts';
import { createNameBook } from './names.ts';
import { buildNetwork } from './network.ts';
import { createPointSampler } from './placement.ts';
import { createRandom } from './random.ts';
import { drawUnitAttributes } from './unit-attributes.ts';
import { buildUnits } from './units.ts';
import type { CommunityProperties } from '../../api/src/schema/community.ts';
import type { FacilityProperties } from '../../api/src/schema/facility.ts';

/** Options of {@link generateCity}. */
export type { CityOptions };

/** Properties of a community feature: the `community` table's columns, from the entity schema. */
export type { CommunityProperties };

/** Properties of a residential building feature. */
export type { BuildingProperties };

/** Properties of a facility feature: the `facility` table's columns, from the entity schema. */
export type { FacilityProperties };

/** The generated city. */
export interface City {
  name: { zh: string; en: string };
  /** properties.class: Beijing's district classes 城区 / 近郊区 / 远郊区县 (one example of each). */
  districts: District[];
  streets: Street[];
  communities: FeatureCollection<MultiPolygon, CommunityProperties>;
  buildings: FeatureCollection<Point, BuildingProperties>;
  facilities: FeatureCollection<Point, FacilityProperties>;
  /**
   * Walkable network, pre-noded (lines meet only at shared end points), one connected component.
   * kind: primary | secondary | residential | unclassified | footway. Bridges and underpasses are
   * ordinary lines named …桥 / …下穿通道 / …地道.
   */
  network: FeatureCollection<LineString, { kind: string; name: string | null }>;
  /** Non-walkable lines: the railway (kind 'rail'). The network never crosses it but at underpasses. */
  barriers: FeatureCollection<LineString, { kind: string; name: string }>;
  /** The river, for drawing: its water polygon (kind 'water') and centre line (kind 'river'). */
  river: FeatureCollection<Polygon | LineString, { kind: string; name: string }>;
}

const RAIL_HALF_WIDTH_M = 12;
/** Share of cells in the county. */
const COUNTY_SHARE = 0.15;

/**
 * Generates the demo city.
 *
 * @param {CityOptions} [options={}] Optional parameters
 * @param {number} [options.seed=20260101] seed of the random stream
 * @param {number} [options.communities=300] number of communities (30–20 000)
 * @param {number} [options.buildingsPerCommunity=16] mean buildings per community (1–500)
 * @param {[number, number]} [options.center=[118.05, 36.8]] [lon, lat] of the city centre
 * @param {number} [options.facilitiesPerCommunity] mean facilities per community (≥ 6); unset: 1.5 outlets per 1 000 residents
 * @returns {City} districts, streets, communities, buildings, facilities, network, barriers and river
 * @example
 * const city = generateCity();
 * city.communities.features.length; // 300
 * const big = generateCity({ communities: 3300, buildingsPerCommunity: 40, facilitiesPerCommunity: 12 });
 */
export function generateCity(options: CityOptions = {}): City {
  // Each step is a pure function in its own module; the order of the steps is the order the
  // shared name book is drawn from, so it must not change (output is byte-identical per seed).
  const { seed, communities: communityCount, buildingsPerCommunity, center, facilitiesPerCommunity, laneSpacingM } = resolveCityOptions(options);
  const random = createRandom(seed, 'demo-city');
  const names = createNameBook(random.fork('names'));
  const toLonLat = createProjection(center);

  // 1. Cells: communities plus the exclave parts of the MultiPolygon communities.
  const exclaveCount = 1 + Math.floor(communityCount / 1500);
  const cellCount = communityCount + exclaveCount;
  const countyCells = Math.max(3, Math.round(cellCount * COUNTY_SHARE));
  const mesh = buildMesh(random.fork('mesh'), { urbanCells: cellCount - countyCells, countyCells });
  const cellPoints = (c: number): PlanePoint[] => (mesh.cells[c]?.ring ?? []).map((v) => mesh.vertices[v] as PlanePoint);
  const exclaves = chooseExclaves({ mesh, random: random.fork('exclaves'), count: exclaveCount });

  // 2–3. Community units, then districts, streets and communities.
  const units = buildUnits({ mesh, exclaves });
  const layout = layOutAdministration({ mesh, units, names, cellPoints });

  // 4–5. Households, then buildings (away from river and railway), then the plans' attributes.
  const counts = countHouseholds({ communities: layout.communities, random: random.fork('households') });
  const counted = layout.communities.map((community, i) => ({ ...community, ...counts[i]! }));
  const sampler = createPointSampler({
    river: mesh.river,
    riverClearanceM: RIVER_HALF_WIDTH_M + 15,
    rail: mesh.rail,
    railClearanceM: RAIL_HALF_WIDTH_M + 15,
  });
  const buildings = placeBuildings({ communities: counted, cellPoints, sampler, buildingsPerCommunity, random: random.fork('buildings') });
  const attributes = drawUnitAttributes({
    districts: layout.districts.length,
    streets: layout.streets.length,
    communities: counted.length,
    random: random.fork('unit-attributes'),
  });
  const districts = layout.districts.map((district, i) => ({ ...district, properties: { ...district.properties, ...attributes.districts[i] } }));
  const streets = layout.streets.map((street, i) => ({ ...street, properties: attributes.streets[i] as Record<string, unknown> }));
  const communities = counted.map((community, i) => ({
    ...community,
    buildings: buildings[i]!,
    properties: attributes.communities[i]!,
  }));

  // 6. Network.
  const network = buildNetwork(mesh, random.fork('network'), names, {
    riverHalfWidthM: RIVER_HALF_WIDTH_M,
    railHalfWidthM: RAIL_HALF_WIDTH_M,
    laneSpacingM,
  });

  // 7. Facilities.
  const { facilities: facilityDrafts } = generateFacilities(
    facilityContext({ mesh, districts: layout.districtPlans, streets: layout.streetPlans, communities, cellPoints, sampler }),
    catalogue.types.map((type) => type.code),
    random.fork('facilities'),
    names,
    facilitiesPerCommunity === undefined ? {} : { facilitiesPerCommunity },
  );

  // 8. GeoJSON in lon/lat, rounded to 7 decimals.
  const { barriers, river } = railAndRiver(mesh, toLonLat);
  return {
    name: { zh: '示范市', en: 'Demo City' },
    districts,
    streets,
    communities: { type: 'FeatureCollection', features: communityFeatures(communities, (street) => streets[street]?.code as string, cellPoints, toLonLat) },
    buildings: { type: 'FeatureCollection', features: buildingFeatures(communities, toLonLat) },
    facilities: { type: 'FeatureCollection', features: facilityFeatures(facilityDrafts, toLonLat) },
    network: { type: 'FeatureCollection', features: networkFeatures(network.lines, toLonLat) },
    barriers,
    river,
  };
}
