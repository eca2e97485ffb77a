import { ringCentroid, signedAreaSquareMeters, type PlanePoint } from './geometry.ts';
import type { Zone } from './mesh.ts';
import type { PointSampler } from './placement.ts';
import type { Random } from './random.ts';

/**
 * Residential buildings of the demo city: clustered compounds strictly inside each community's
 * cells, clear of the river and the railway, with households split over them (each ≥ 1, adding
 * up exactly). 1–3 communities get none (the plans must cope with households but no buildings).
 */

/** A building in the plane; `part` is the index of the community's cell it stands in. */
export interface PlannedBuilding {
  point: PlanePoint;
  part: number;
  households: number;
}

/** Options of {@link placeBuildings}. */
export interface BuildingOptions {
  communities: ReadonlyArray<{ zone: Zone; cells: readonly number[]; households: number }>;
  cellPoints: (cell: number) => PlanePoint[];
  /** Keeps points inside the cell and off the barrier corridors. */
  sampler: PointSampler;
  /** Mean buildings per community (each varies 0.375×–1.875×). */
  buildingsPerCommunity: number;
  random: Random;
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
 * Places every community's buildings.
 *
 * @param {BuildingOptions} options communities with their households, rings, sampler, mean and stream
 * @returns {PlannedBuilding[][]} buildings per community, in the communities' order
 * @example
 * const buildings = placeBuildings({ communities, cellPoints, sampler, buildingsPerCommunity: 16, random: random.fork('buildings') });
 */
export function placeBuildings({ communities, cellPoints, sampler, buildingsPerCommunity, random: r }: BuildingOptions): PlannedBuilding[][] {
  const noBuildingCommunities = new Set<number>();
  const eligible = communities.map((c, i) => ({ c, i })).filter(({ c }) => c.zone === 'urban' && c.cells.length === 1);
  for (const { i } of r.shuffled(eligible).slice(0, Math.min(3, Math.max(1, Math.round(communities.length / 150))))) {
    noBuildingCommunities.add(i);
  }
  const meanHouseholds = communities.reduce((s, c) => s + c.households, 0) / communities.length;
  const minCount = Math.max(1, Math.round(0.375 * buildingsPerCommunity));
  const maxCount = Math.max(minCount, Math.round(1.875 * buildingsPerCommunity));
  return communities.map((community, i) => {
    const buildings: PlannedBuilding[] = [];
    if (noBuildingCommunities.has(i)) return buildings;
    const wanted = Math.round(buildingsPerCommunity * (community.households / meanHouseholds) * Math.exp(r.normal(0, 0.25)));
    const count = Math.min(community.households, Math.max(minCount, Math.min(maxCount, wanted)));
    const rings = community.cells.map(cellPoints);
    const areas = rings.map((ring) => signedAreaSquareMeters(ring));
    const perPart = community.cells.length === 1 ? [count] : count >= rings.length ? splitAtLeastOne(count, areas) : [count, 0];
    const placed: PlanePoint[] = [];
    const farEnough = (p: PlanePoint, minimumM: number): boolean => placed.every((q) => Math.hypot(p[0] - q[0], p[1] - q[1]) >= minimumM);
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
        buildings.push({ point, part, households: 0 });
      }
    });
    const split = splitAtLeastOne(
      community.households,
      buildings.map(() => Math.exp(r.normal(0, 0.6))),
    );
    buildings.forEach((building, k) => {
      building.households = split[k] as number;
    });
    return buildings;
  });
}
