import type { PlanePoint } from './geometry.ts';
import type { Mesh, Zone } from './mesh.ts';
import type { NameBook } from './names.ts';
import { partitionContiguous } from './partition.ts';
import { unitsCentroid, type Units } from './units.ts';

/**
 * The demo city's administrative layout: urban districts and counties, streets/townships inside
 * each, communities inside each street, all coded and named in reading order (north to south,
 * west to east). Counts, buildings and attributes come in later steps.
 */

/** A district or county row. properties.class: Beijing's classes 城区 / 近郊区 / 远郊区县. */
export interface District {
  code: string;
  name: string;
  kind: 'district' | 'county';
  properties: Record<string, unknown>;
}

/** A street or township row. */
export interface Street {
  code: string;
  name: string;
  kind: 'street' | 'township';
  district_code: string;
  properties: Record<string, unknown>;
}

/** A district as the facility step sees it: where it is and its streets (indexes). */
export interface DistrictPlan {
  name: string;
  centroid: PlanePoint;
  streets: number[];
}

/** A street as the facility step sees it: where it is and its communities (indexes). */
export interface StreetPlan {
  name: string;
  kind: 'street' | 'township';
  centroid: PlanePoint;
  communities: number[];
}

/** A community's place in the layout, before its counts and buildings. */
export interface CommunityLayout {
  cells: number[];
  zone: Zone;
  seed: PlanePoint;
  /** Index into the streets. */
  street: number;
  code: string;
  name: string;
}

/** Options of {@link layOutAdministration}. */
export interface AdministrationOptions {
  mesh: Mesh;
  units: Units;
  /** Draws district, street, township and community names (in this step's order). */
  names: NameBook;
  cellPoints: (cell: number) => PlanePoint[];
}

/** The layout. */
export interface Administration {
  districts: District[];
  districtPlans: DistrictPlan[];
  streets: Street[];
  streetPlans: StreetPlan[];
  communities: CommunityLayout[];
}

/** Sorts items north-to-south in bands of `bandM`, then west-to-east. @private */
function readingOrder<T>(items: readonly T[], position: (item: T) => PlanePoint, bandM: number): T[] {
  return items
    .map((item, order) => ({ item, order, p: position(item) }))
    .sort((a, b) => Math.round(b.p[1] / bandM) - Math.round(a.p[1] / bandM) || a.p[0] - b.p[0] || a.order - b.order)
    .map((entry) => entry.item);
}

/**
 * Partitions the units into districts (urban, ~85 units) and counties (~150), each into streets
 * (~10 / ~9), and codes them `D01`, `D01S01`, `D01S01C01`.
 *
 * @param {AdministrationOptions} options the mesh, its units, the name book and cell rings
 * @returns {Administration} district and street rows, their plans, and the communities
 * @example
 * const { districts, streets, communities } = layOutAdministration({ mesh, units, names, cellPoints });
 */
export function layOutAdministration({ mesh, units, names, cellPoints }: AdministrationOptions): Administration {
  const graph = { positions: units.seeds, neighbours: units.neighbours, edgeCost: units.edgeCost };
  const regionsOf = (members: number[], count: number): number[][] => {
    const regionOf = partitionContiguous({ ...graph, nodes: members }, count);
    const regions: number[][] = [];
    for (const u of members) {
      const r = regionOf.get(u) as number;
      (regions[r] ??= []).push(u);
    }
    return regions.filter((region) => region.length > 0);
  };
  const centroidOfUnits = (members: readonly number[]): PlanePoint => unitsCentroid(units, members, cellPoints);
  const allUnits = units.cells.map((_, u) => u);
  const urbanUnits = allUnits.filter((u) => units.zones[u] === 'urban');
  const countyUnits = allUnits.filter((u) => units.zones[u] === 'county');
  const districtBand = 4 * mesh.urbanSpacingM;
  const districtGroups = [
    ...readingOrder(regionsOf(urbanUnits, Math.max(2, Math.round(urbanUnits.length / 85))), centroidOfUnits, districtBand).map(
      (members) => ({ units: members, kind: 'district' as const }),
    ),
    ...readingOrder(regionsOf(countyUnits, Math.max(1, Math.round(countyUnits.length / 150))), centroidOfUnits, districtBand).map(
      (members) => ({ units: members, kind: 'county' as const }),
    ),
  ];
  if (districtGroups.length > 99) throw new Error('too many districts for two-digit codes');

  const districts: District[] = [];
  const districtPlans: DistrictPlan[] = [];
  const streets: Street[] = [];
  const streetPlans: StreetPlan[] = [];
  const communities: CommunityLayout[] = [];
  districtGroups.forEach((group, d) => {
    const districtCode = `D${String(d + 1).padStart(2, '0')}`;
    const districtName = group.kind === 'district' ? names.district() : names.county();
    const districtCentroid = centroidOfUnits(group.units);
    // Classes as Beijing's plan uses them: the first urban district inner (城区), the second
    // near-suburban (近郊区), the others and every county outer (远郊区县).
    const districtClass = group.kind === 'county' || d >= 2 ? '远郊区县' : d === 0 ? '城区' : '近郊区';
    districts.push({ code: districtCode, name: districtName, kind: group.kind, properties: { class: districtClass } });
    const districtPlan: DistrictPlan = { name: districtName, centroid: districtCentroid, streets: [] };
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
      streetGroups.forEach((members, k) => {
        const c = centroidOfUnits(members);
        const distance = Math.hypot(c[0] - districtCentroid[0], c[1] - districtCentroid[1]);
        if (distance < best) {
          best = distance;
          seatIndex = k;
        }
      });
    }
    streetGroups.forEach((members, k) => {
      const streetCode = `${districtCode}S${String(k + 1).padStart(2, '0')}`;
      const kind: 'street' | 'township' = group.kind === 'district' || k === seatIndex ? 'street' : 'township';
      const name = kind === 'street' ? names.street({ countySeat: group.kind === 'county' }) : names.township();
      const streetIndex = streets.length;
      streets.push({ code: streetCode, name, kind, district_code: districtCode, properties: {} });
      const streetPlan: StreetPlan = { name, kind, centroid: centroidOfUnits(members), communities: [] };
      streetPlans.push(streetPlan);
      districtPlan.streets.push(streetIndex);
      readingOrder(members, (u) => units.seeds[u] as PlanePoint, mesh.urbanSpacingM).forEach((u, m) => {
        streetPlan.communities.push(communities.length);
        communities.push({
          cells: units.cells[u] as number[],
          zone: units.zones[u] as Zone,
          seed: units.seeds[u] as PlanePoint,
          street: streetIndex,
          code: `${streetCode}C${String(m + 1).padStart(2, '0')}`,
          name: names.community(),
        });
      });
    });
  });
  return { districts, districtPlans, streets, streetPlans, communities };
}
