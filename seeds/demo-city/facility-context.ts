import type { DistrictPlan, StreetPlan } from './administration.ts';
import type { PlannedBuilding } from './buildings.ts';
import type { FacilityContext } from './facilities.ts';
import type { PlanePoint } from './geometry.ts';
import type { Mesh, Zone } from './mesh.ts';
import type { PointSampler } from './placement.ts';

/**
 * What the facility step (./facilities.ts) sees of the planned city: districts, streets and
 * communities with their rings, counts and buildings, and a point → community lookup. Kept apart
 * so facilities.ts knows nothing of cells, units or the mesh.
 */

/** Options of {@link facilityContext}. */
export interface FacilityContextOptions {
  mesh: Mesh;
  districts: readonly DistrictPlan[];
  streets: readonly StreetPlan[];
  communities: ReadonlyArray<{
    name: string;
    zone: Zone;
    cells: readonly number[];
    population: number;
    elderly: number;
    buildings: readonly PlannedBuilding[];
  }>;
  cellPoints: (cell: number) => PlanePoint[];
  sampler: PointSampler;
}

/**
 * Builds the facility generator's view of the city.
 *
 * @param {FacilityContextOptions} options the mesh, the plans, cell rings and the sampler
 * @returns {FacilityContext} the context for generateFacilities
 * @example
 * const context = facilityContext({ mesh, districts: districtPlans, streets: streetPlans, communities, cellPoints, sampler });
 */
export function facilityContext({ mesh, districts, streets, communities, cellPoints, sampler }: FacilityContextOptions): FacilityContext {
  const communityOfCell = new Map<number, { community: number; part: number }>();
  communities.forEach((community, i) => community.cells.forEach((cell, part) => communityOfCell.set(cell, { community: i, part })));
  return {
    districts,
    streets,
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
  };
}
