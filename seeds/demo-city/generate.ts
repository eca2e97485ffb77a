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
import { generateFacilities } from './facilities.ts';
import { buildingFeatures, communityFeatures, facilityFeatures, networkFeatures, railAndRiver, RIVER_HALF_WIDTH_M, type BuildingProperties, type PlannedCommunity } from './city-geojson.ts';
import { createProjection, ringCentroid, signedAreaSquareMeters, type PlanePoint } from './geometry.ts';
import { buildMesh, type Mesh, type Zone } from './mesh.ts';
import { createNameBook } from './names.ts';
import { buildNetwork } from './network.ts';
import { partitionContiguous } from './partition.ts';
import { createPointSampler } from './placement.ts';
import { createRandom, type Random } from './random.ts';
import type { CommunityProperties } from '../../api/src/schema/community.ts';
import type { FacilityProperties } from '../../api/src/schema/facility.ts';

/** Options of {@link generateCity}. */
export interface CityOptions {
  /** Seed of the random stream. Default 20260101. */
  seed?: number;
  /** Number of communities (exact). Default 300; 30–20 000. */
  communities?: number;
  /** Mean residential buildings per community (each varies 0.375×–1.875×). Default 16; 1–500. */
  buildingsPerCommunity?: number;
  /** [lon, lat] of the city centre. Default [118.05, 36.8]. */
  center?: [number, number];
  /**
   * Mean facilities per community, all types together (e.g. 12 for benchmarks). Convenience
   * outlets absorb the difference, every other type keeps its coverage share. Default: unset,
   * outlets are 1.5 per 1 000 residents (≈ 14 facilities per community).
   */
  facilitiesPerCommunity?: number;
  /**
   * Compound lanes (kind `service`) inside every cell, this many metres apart, instead of the
   * footways: a dense network for benchmarks (≈ 100 lines per urban community at 120 m).
   * Default: unset, no lanes.
   */
  laneSpacingM?: number;
}

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
  districts: Array<{ code: string; name: string; kind: 'district' | 'county'; properties: Record<string, unknown> }>;
  streets: Array<{ code: string; name: string; kind: 'street' | 'township'; district_code: string; properties: Record<string, unknown> }>;
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

const DEFAULTS = {
  seed: 20260101,
  communities: 300,
  buildingsPerCommunity: 16,
  center: [118.05, 36.8] as [number, number],
};
const RAIL_HALF_WIDTH_M = 12;
/** Share of cells in the county. */
const COUNTY_SHARE = 0.15;

/** A community before it is turned into GeoJSON. @private */
interface CommunityPlan extends PlannedCommunity {
  zone: Zone;
  seed: PlanePoint;
  buildings: Array<{ point: PlanePoint; part: number; households: number }>;
}

/** Sorts items north-to-south in bands of `bandM`, then west-to-east. @private */
function readingOrder<T>(items: readonly T[], position: (item: T) => PlanePoint, bandM: number): T[] {
  return items
    .map((item, order) => ({ item, order, p: position(item) }))
    .sort((a, b) => Math.round(b.p[1] / bandM) - Math.round(a.p[1] / bandM) || a.p[0] - b.p[0] || a.order - b.order)
    .map((entry) => entry.item);
}

/** Distributes `total` (≥ weights.length) over weights as integers ≥ 1 (largest remainder). @private */
function splitAtLeastOne(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  const spare = total - n;
  const sum = weights.reduce((s, w) => s + w, 0);
  const raw = weights.map((w) => (spare * w) / sum);
  const result = raw.map((value) => 1 + Math.floor(value));
  let left = total - result.reduce((s, v) => s + v, 0);
  const order = raw.map((value, i) => ({ i, fraction: value - Math.floor(value) })).sort((a, b) => b.fraction - a.fraction || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    result[i] = (result[i] as number) + 1;
    left -= 1;
  }
  return result;
}

/**
 * Picks exclave pairs: a river-bank cell A and a cell B on the other bank (not touching A) that
 * is given to A's community, so that community is a MultiPolygon of two parts.
 * @private
 */
function chooseExclaves(mesh: Mesh, random: Random, count: number): Array<[number, number]> {
  const { cells, neighbours } = mesh;
  const byPair = new Map<string, number>();
  cells.forEach((cell, c) => {
    if (cell.zone === 'urban' && cell.riverPair) byPair.set(`${cell.riverPair.index}:${cell.riverPair.side}`, c);
  });
  const touches = (p: number, q: number): boolean => {
    if ((neighbours[p] as number[]).includes(q)) return true;
    const ring = new Set(cells[p]?.ring);
    return (cells[q]?.ring ?? []).some((v) => ring.has(v));
  };
  const pairs: Array<[number, number, number]> = [];
  cells.forEach((cell, a) => {
    if (cell.zone !== 'urban' || cell.riverPair?.side !== 1) return;
    for (const step of [2, -2]) {
      const b = byPair.get(`${cell.riverPair.index + step}:-1`);
      if (b !== undefined && !touches(a, b)) pairs.push([a, b, Math.hypot(cell.seed[0], cell.seed[1])]);
    }
  });
  // Fallback for tiny cities: a cell two steps away in the neighbour graph.
  if (pairs.length < count) {
    cells.forEach((cell, a) => {
      if (cell.zone !== 'urban') return;
      for (const n of neighbours[a] as number[]) {
        for (const b of neighbours[n] as number[]) {
          if (b !== a && cells[b]?.zone === 'urban' && !touches(a, b)) pairs.push([a, b, 1e9 + Math.hypot(cell.seed[0], cell.seed[1])]);
        }
      }
    });
  }
  pairs.sort((p, q) => p[2] - q[2] || p[0] - q[0] || p[1] - q[1]);
  const chosen: Array<[number, number]> = [];
  const used = new Set<number>();
  const candidates = random.shuffled(pairs.slice(0, Math.max(count * 6, 8)));
  for (const [a, b] of [...candidates, ...pairs]) {
    if (chosen.length >= count) break;
    const blocked = [a, b, ...(neighbours[a] as number[]), ...(neighbours[b] as number[])].some((c) => used.has(c));
    if (blocked) continue;
    chosen.push([a, b]);
    used.add(a);
    used.add(b);
  }
  if (chosen.length === 0) throw new Error('could not find a cell pair for a MultiPolygon community');
  return chosen;
}

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
  // Input validation
  const seed = options.seed ?? DEFAULTS.seed;
  const communityCount = options.communities ?? DEFAULTS.communities;
  const buildingsPerCommunity = options.buildingsPerCommunity ?? DEFAULTS.buildingsPerCommunity;
  const center = options.center ?? DEFAULTS.center;
  const { facilitiesPerCommunity } = options;
  if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${String(seed)}`);
  if (!Number.isInteger(communityCount) || communityCount < 30 || communityCount > 20_000) {
    throw new Error(`communities must be an integer 30–20000, got ${String(communityCount)}`);
  }
  if (!(buildingsPerCommunity >= 1 && buildingsPerCommunity <= 500)) {
    throw new Error(`buildingsPerCommunity must be 1–500, got ${String(buildingsPerCommunity)}`);
  }
  if (!Array.isArray(center) || center.length !== 2 || !(Math.abs(center[0]) <= 180) || !(Math.abs(center[1]) <= 80)) {
    throw new Error(`center must be [lon, lat] with |lon| ≤ 180 and |lat| ≤ 80, got ${JSON.stringify(center)}`);
  }
  if (facilitiesPerCommunity !== undefined && !(facilitiesPerCommunity >= 6 && facilitiesPerCommunity <= 1000)) {
    throw new Error(`facilitiesPerCommunity must be 6–1000 (the other types alone average ~6), got ${String(facilitiesPerCommunity)}`);
  }

  const random = createRandom(seed, 'demo-city');
  const names = createNameBook(random.fork('names'));
  const toLonLat = createProjection(center);

  // 1. Cells: communities plus the exclave parts of the MultiPolygon communities.
  const exclaveCount = 1 + Math.floor(communityCount / 1500);
  const cellCount = communityCount + exclaveCount;
  const countyCells = Math.max(3, Math.round(cellCount * COUNTY_SHARE));
  const mesh = buildMesh(random.fork('mesh'), { urbanCells: cellCount - countyCells, countyCells });
  const cellPoints = (c: number): PlanePoint[] => (mesh.cells[c]?.ring ?? []).map((v) => mesh.vertices[v] as PlanePoint);
  const exclaves = chooseExclaves(mesh, random.fork('exclaves'), exclaveCount);
  const exclaveOf = new Map(exclaves.map(([a, b]) => [a, b]));
  const exclaveParts = new Set(exclaves.map(([, b]) => b));

  // 2. Community units and their adjacency.
  const unitCells: number[][] = [];
  const unitOfCell = new Map<number, number>();
  mesh.cells.forEach((_, c) => {
    if (exclaveParts.has(c)) return;
    const cells = exclaveOf.has(c) ? [c, exclaveOf.get(c) as number] : [c];
    for (const cell of cells) unitOfCell.set(cell, unitCells.length);
    unitCells.push(cells);
  });
  const unitNeighbours = unitCells.map((cells, u) => {
    const set = new Set<number>();
    for (const cell of cells) for (const n of mesh.neighbours[cell] as number[]) set.add(unitOfCell.get(n) as number);
    set.delete(u);
    return [...set].sort((p, q) => p - q);
  });
  const unitSeed = unitCells.map((cells) => mesh.cells[cells[0] as number]?.seed as PlanePoint);
  const unitZone = unitCells.map((cells) => mesh.cells[cells[0] as number]?.zone as Zone);
  // Bank of each unit (0 when far from the line: only neighbours across a line need a side).
  const sideOf = (line: Mesh['river'], u: number): number =>
    line.project(unitSeed[u] as PlanePoint, 1.5 * (unitZone[u] === 'urban' ? mesh.urbanSpacingM : mesh.countySpacingM))?.side ?? 0;
  const riverSide = unitSeed.map((_, u) => sideOf(mesh.river, u));
  const railSide = unitSeed.map((_, u) => sideOf(mesh.rail, u));
  const edgeCost = (u: number, v: number): number => {
    const p = unitSeed[u] as PlanePoint;
    const q = unitSeed[v] as PlanePoint;
    const crossesRiver = (riverSide[u] as number) * (riverSide[v] as number) < 0;
    const crossesRail = (railSide[u] as number) * (railSide[v] as number) < 0;
    return Math.hypot(p[0] - q[0], p[1] - q[1]) * (crossesRiver ? 4 : 1) * (crossesRail ? 1.6 : 1);
  };
  const graph = { positions: unitSeed, neighbours: unitNeighbours, edgeCost };

  // 3. Districts (urban) and counties, then streets/townships inside each.
  const allUnits = unitCells.map((_, u) => u);
  const regionsOf = (units: number[], count: number): number[][] => {
    const regionOf = partitionContiguous({ ...graph, nodes: units }, count);
    const regions: number[][] = [];
    for (const u of units) {
      const r = regionOf.get(u) as number;
      (regions[r] ??= []).push(u);
    }
    return regions.filter((region) => region.length > 0);
  };
  const centroidOfUnits = (units: readonly number[]): PlanePoint => {
    let area = 0;
    let x = 0;
    let y = 0;
    for (const u of units) {
      for (const cell of unitCells[u] as number[]) {
        const ring = cellPoints(cell);
        const a = signedAreaSquareMeters(ring);
        const c = ringCentroid(ring);
        area += a;
        x += a * c[0];
        y += a * c[1];
      }
    }
    return [x / area, y / area];
  };
  const urbanUnits = allUnits.filter((u) => unitZone[u] === 'urban');
  const countyUnits = allUnits.filter((u) => unitZone[u] === 'county');
  const districtBand = 4 * mesh.urbanSpacingM;
  const districtGroups = [
    ...readingOrder(regionsOf(urbanUnits, Math.max(2, Math.round(urbanUnits.length / 85))), centroidOfUnits, districtBand).map(
      (units) => ({ units, kind: 'district' as const }),
    ),
    ...readingOrder(regionsOf(countyUnits, Math.max(1, Math.round(countyUnits.length / 150))), centroidOfUnits, districtBand).map(
      (units) => ({ units, kind: 'county' as const }),
    ),
  ];
  if (districtGroups.length > 99) throw new Error('too many districts for two-digit codes');

  const districts: City['districts'] = [];
  const districtPlans: Array<{ name: string; centroid: PlanePoint; streets: number[] }> = [];
  const streets: City['streets'] = [];
  const streetPlans: Array<{ name: string; kind: 'street' | 'township'; centroid: PlanePoint; communities: number[] }> = [];
  const communities: CommunityPlan[] = [];
  districtGroups.forEach((group, d) => {
    const districtCode = `D${String(d + 1).padStart(2, '0')}`;
    const districtName = group.kind === 'district' ? names.district() : names.county();
    const districtCentroid = centroidOfUnits(group.units);
    // Classes as Beijing's plan uses them: the first urban district inner (城区), the second
    // near-suburban (近郊区), the others and every county outer (远郊区县).
    const districtClass = group.kind === 'county' || d >= 2 ? '远郊区县' : d === 0 ? '城区' : '近郊区';
    districts.push({ code: districtCode, name: districtName, kind: group.kind, properties: { class: districtClass } });
    const districtPlan = { name: districtName, centroid: districtCentroid, streets: [] as number[] };
    districtPlans.push(districtPlan);
    const perStreet = group.kind === 'district' ? 10 : 9;
    const streetGroups = readingOrder(
      regionsOf(group.units, Math.max(1, Math.round(group.units.length / perStreet))),
      centroidOfUnits,
      2 * mesh.urbanSpacingM,
    );
    // The county seat: the township nearest the county's centroid is a 街道 (城关街道).
    let seatIndex = -1;
    if (group.kind === 'county') {
      let best = Infinity;
      streetGroups.forEach((units, k) => {
        const c = centroidOfUnits(units);
        const distance = Math.hypot(c[0] - districtCentroid[0], c[1] - districtCentroid[1]);
        if (distance < best) {
          best = distance;
          seatIndex = k;
        }
      });
    }
    streetGroups.forEach((units, k) => {
      const streetCode = `${districtCode}S${String(k + 1).padStart(2, '0')}`;
      const kind: 'street' | 'township' = group.kind === 'district' || k === seatIndex ? 'street' : 'township';
      const name = kind === 'street' ? names.street({ countySeat: group.kind === 'county' }) : names.township();
      const streetIndex = streets.length;
      streets.push({ code: streetCode, name, kind, district_code: districtCode, properties: {} });
      const streetPlan = { name, kind, centroid: centroidOfUnits(units), communities: [] as number[] };
      streetPlans.push(streetPlan);
      districtPlan.streets.push(streetIndex);
      readingOrder(units, (u) => unitSeed[u] as PlanePoint, mesh.urbanSpacingM).forEach((u, m) => {
        streetPlan.communities.push(communities.length);
        communities.push({
          cells: unitCells[u] as number[],
          zone: unitZone[u] as Zone,
          seed: unitSeed[u] as PlanePoint,
          street: streetIndex,
          code: `${streetCode}C${String(m + 1).padStart(2, '0')}`,
          name: names.community(),
          households: 0,
          population: 0,
          elderly: 0,
          buildings: [],
        });
      });
    });
  });

  // 4. Households, population and elderly; a few communities deliberately outside 1000–3000.
  {
    const r = random.fork('households');
    const outliers = r.shuffled(communities.map((_, i) => i)).slice(0, Math.max(2, Math.round(communities.length * 0.03)));
    const outlierKind = new Map(outliers.map((i, k) => [i, k % 2 === 0 ? 'low' : 'high']));
    communities.forEach((community, i) => {
      const kind = outlierKind.get(i);
      const bell = (r.next() + r.next() + r.next()) / 3;
      community.households =
        kind === 'low' ? r.int(600, 980) : kind === 'high' ? r.int(3020, 3600) : Math.round(1000 + 2000 * Math.pow(bell, 1.1));
      community.population = Math.round(community.households * r.float(2.6, 3.0));
      community.elderly = Math.round(community.population * (community.zone === 'county' ? r.float(0.15, 0.22) : r.float(0.12, 0.2)));
    });
  }

  // 5. Buildings: clustered compounds strictly inside the cells, away from river and railway.
  const sampler = createPointSampler({
    river: mesh.river,
    riverClearanceM: RIVER_HALF_WIDTH_M + 15,
    rail: mesh.rail,
    railClearanceM: RAIL_HALF_WIDTH_M + 15,
  });
  const noBuildingCommunities = new Set<number>();
  {
    const r = random.fork('buildings');
    const eligible = communities.map((c, i) => ({ c, i })).filter(({ c }) => c.zone === 'urban' && c.cells.length === 1);
    for (const { i } of r.shuffled(eligible).slice(0, Math.min(3, Math.max(1, Math.round(communities.length / 150))))) {
      noBuildingCommunities.add(i);
    }
    const meanHouseholds = communities.reduce((s, c) => s + c.households, 0) / communities.length;
    const minCount = Math.max(1, Math.round(0.375 * buildingsPerCommunity));
    const maxCount = Math.max(minCount, Math.round(1.875 * buildingsPerCommunity));
    communities.forEach((community, i) => {
      if (noBuildingCommunities.has(i)) return;
      const wanted = Math.round(buildingsPerCommunity * (community.households / meanHouseholds) * Math.exp(r.normal(0, 0.25)));
      const count = Math.min(community.households, Math.max(minCount, Math.min(maxCount, wanted)));
      const rings = community.cells.map(cellPoints);
      const areas = rings.map((ring) => signedAreaSquareMeters(ring));
      const perPart = community.cells.length === 1 ? [count] : count >= rings.length ? splitAtLeastOne(count, areas) : [count, 0];
      const placed: PlanePoint[] = [];
      const farEnough = (p: PlanePoint, minimumM: number): boolean =>
        placed.every((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) >= minimumM);
      rings.forEach((ring, part) => {
        const n = perPart[part] as number;
        if (n === 0) return;
        const spreadM = Math.sqrt(areas[part] as number) / 7;
        const clusters: PlanePoint[] = [];
        const clusterCount = Math.min(n, r.int(1, 3));
        for (let k = 0; k < clusterCount; k++) {
          clusters.push(sampler.uniform(ring, r, 40) ?? sampler.near(ring, ringCentroid(ring), spreadM, r));
        }
        for (let b = 0; b < n; b++) {
          let point: PlanePoint | null = null;
          for (let attempt = 0; attempt < 40 && point === null; attempt++) {
            const centre = clusters[attempt % clusters.length] as PlanePoint;
            const candidate: PlanePoint = [r.normal(centre[0], spreadM), r.normal(centre[1], spreadM)];
            if (sampler.isAllowed(ring, candidate) && farEnough(candidate, 15)) point = candidate;
          }
          for (let attempt = 0; attempt < 40 && point === null; attempt++) {
            const candidate = sampler.uniform(ring, r);
            if (candidate && farEnough(candidate, 8)) point = candidate;
          }
          point ??= sampler.near(ring, clusters[0] as PlanePoint, spreadM, r);
          placed.push(point);
          community.buildings.push({ point, part, households: 0 });
        }
      });
      const split = splitAtLeastOne(
        community.households,
        community.buildings.map(() => Math.exp(r.normal(0, 0.6))),
      );
      community.buildings.forEach((building, k) => {
        building.households = split[k] as number;
      });
    });
  }

  // 5b. User-entered unit attributes the plans check, from their own stream (nothing else moves).
  {
    const r = random.fork('unit-attributes');
    for (const district of districts) district.properties = { ...district.properties, health_six_in_one: r.chance(0.6) };
    for (const street of streets) street.properties = { hotline: r.chance(0.85), advanced_sports: r.chance(0.7) };
    for (const community of communities) {
      community.properties = {
        party_org: r.chance(0.97),
        representative_council: r.chance(0.9),
        residents_committee: true,
        hotline: r.chance(0.8),
        notice_board: r.chance(0.92),
        publicity_board: r.chance(0.88),
        police_officers: r.chance(0.9) ? 1 : 0,
      };
    }
  }

  // 6. Network.
  const network = buildNetwork(mesh, random.fork('network'), names, {
    riverHalfWidthM: RIVER_HALF_WIDTH_M,
    railHalfWidthM: RAIL_HALF_WIDTH_M,
    laneSpacingM: options.laneSpacingM,
  });

  // 7. Facilities.
  const communityOfCell = new Map<number, { community: number; part: number }>();
  communities.forEach((community, i) => community.cells.forEach((cell, part) => communityOfCell.set(cell, { community: i, part })));
  const typeCodes = catalogue.types.map((type) => type.code);
  const { facilities: facilityDrafts } = generateFacilities(
    {
      districts: districtPlans,
      streets: streetPlans,
      communities: communities.map((c) => ({
        name: c.name,
        zone: c.zone,
        parts: c.cells.map(cellPoints),
        population: c.population,
        elderly: c.elderly,
        buildings: c.buildings,
      })),
      locate: (point) => {
        const cell = mesh.locate(point);
        return cell < 0 ? null : (communityOfCell.get(cell) ?? null);
      },
      sampler,
    },
    typeCodes,
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
