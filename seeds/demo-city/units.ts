import { ringCentroid, signedAreaSquareMeters, type PlanePoint } from './geometry.ts';
import type { Mesh, Zone } from './mesh.ts';

/**
 * Community units of the demo city: each unit is one cell, or a cell and its exclave, with the
 * unit adjacency graph the districts and streets are partitioned on. Crossing the river or the
 * railway costs more, so administrative regions prefer to stay on one bank.
 */

/** The units and their graph. */
export interface Units {
  /** Cells of each unit (one, or home cell then exclave). */
  cells: number[][];
  /** Neighbouring units of each unit, ascending. */
  neighbours: number[][];
  /** The home cell's seed point of each unit. */
  seeds: PlanePoint[];
  zones: Zone[];
  /** Cost of the edge between two neighbouring units (distance, more across river or rail). */
  edgeCost: (u: number, v: number) => number;
}

/** Options of {@link buildUnits}. */
export interface UnitOptions {
  mesh: Mesh;
  /** [home cell, exclave cell] pairs from ./exclaves.ts. */
  exclaves: ReadonlyArray<[number, number]>;
}

/**
 * Groups the mesh's cells into units, in cell order.
 *
 * @param {UnitOptions} options the mesh and its exclave pairs
 * @returns {Units} the units, their neighbours, seeds, zones and edge costs
 * @example
 * const units = buildUnits({ mesh, exclaves });
 */
export function buildUnits({ mesh, exclaves }: UnitOptions): Units {
  const exclaveOf = new Map(exclaves.map(([a, b]) => [a, b]));
  const exclaveParts = new Set(exclaves.map(([, b]) => b));
  const cells: number[][] = [];
  const unitOfCell = new Map<number, number>();
  mesh.cells.forEach((_, c) => {
    if (exclaveParts.has(c)) return;
    const own = exclaveOf.has(c) ? [c, exclaveOf.get(c) as number] : [c];
    for (const cell of own) unitOfCell.set(cell, cells.length);
    cells.push(own);
  });
  const neighbours = cells.map((own, u) => {
    const set = new Set<number>();
    for (const cell of own) for (const n of mesh.neighbours[cell] as number[]) set.add(unitOfCell.get(n) as number);
    set.delete(u);
    return [...set].sort((p, q) => p - q);
  });
  const seeds = cells.map((own) => mesh.cells[own[0] as number]?.seed as PlanePoint);
  const zones = cells.map((own) => mesh.cells[own[0] as number]?.zone as Zone);
  // Bank of each unit (0 when far from the line: only neighbours across a line need a side).
  const sideOf = (line: Mesh['river'], u: number): number =>
    line.project(seeds[u] as PlanePoint, 1.5 * (zones[u] === 'urban' ? mesh.urbanSpacingM : mesh.countySpacingM))?.side ?? 0;
  const riverSide = seeds.map((_, u) => sideOf(mesh.river, u));
  const railSide = seeds.map((_, u) => sideOf(mesh.rail, u));
  const edgeCost = (u: number, v: number): number => {
    const p = seeds[u] as PlanePoint;
    const q = seeds[v] as PlanePoint;
    const crossesRiver = (riverSide[u] as number) * (riverSide[v] as number) < 0;
    const crossesRail = (railSide[u] as number) * (railSide[v] as number) < 0;
    return Math.hypot(p[0] - q[0], p[1] - q[1]) * (crossesRiver ? 4 : 1) * (crossesRail ? 1.6 : 1);
  };
  return { cells, neighbours, seeds, zones, edgeCost };
}

/**
 * Area-weighted centroid of some units' cells (where a district or street "is").
 *
 * @param {Units} units all units
 * @param {readonly number[]} members the units to average
 * @param {(cell: number) => PlanePoint[]} cellPoints a cell's ring in the plane
 * @returns {PlanePoint} the centroid
 * @example
 * const c = unitsCentroid(units, [0, 1, 2], cellPoints);
 */
export function unitsCentroid(units: Units, members: readonly number[], cellPoints: (cell: number) => PlanePoint[]): PlanePoint {
  let area = 0;
  let x = 0;
  let y = 0;
  for (const u of members) {
    for (const cell of units.cells[u] as number[]) {
      const ring = cellPoints(cell);
      const a = signedAreaSquareMeters(ring);
      const c = ringCentroid(ring);
      area += a;
      x += a * c[0];
      y += a * c[1];
    }
  }
  return [x / area, y / area];
}
