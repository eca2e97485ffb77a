/**
 * Inputs and an independent brute-force 2SFCA for the accessibility tests (not a test file).
 */
import type { Polygon } from 'geojson';
import type { AccessibilityFacility, AccessibilityInput, DecayZone, DemandMeasure, SupplyMeasure } from '../../../../api/src/domain/accessibility/index.ts';
import { fallbackGrid, isOpenOn, type CoverageCommunity, type CoverageInput } from '../../../../api/src/domain/coverage/index.ts';
import { geodesicDestination } from '../../../../api/src/domain/geo/geodesic-destination.ts';
import { geodesicDistanceMeters } from '../../../../api/src/domain/geo/geodesic-distance.ts';
import { createRandom } from '../random-input.ts';

/** A square community of `sideMeters` centred on (lon, lat) (built with GeographicLib Direct). */
export function squareCommunity(code: string, center: [number, number], sideMeters: number, figures: Partial<CoverageCommunity> = {}): CoverageCommunity {
  const half = sideMeters / 2;
  const dLat = geodesicDestination(center, 0, half)[1]! - center[1];
  const dLon = geodesicDestination(center, 90, half)[0]! - center[0];
  const ring = [
    [center[0] - dLon, center[1] - dLat],
    [center[0] + dLon, center[1] - dLat],
    [center[0] + dLon, center[1] + dLat],
    [center[0] - dLon, center[1] + dLat],
    [center[0] - dLon, center[1] - dLat],
  ];
  return {
    code,
    name: `社区${code}`,
    street_code: figures.street_code ?? 'S1',
    district_code: figures.district_code ?? 'D1',
    households: figures.households ?? 0,
    population: figures.population ?? 0,
    elderly: figures.elderly ?? 0,
    geometry: { type: 'Polygon', coordinates: [ring] } as Polygon,
  };
}

/** An always-open facility. */
export function facility(code: string, type: string, at: number[], capacity: Partial<Pick<AccessibilityFacility, 'gp_count' | 'beds' | 'floor_area_m2'>> = {}): AccessibilityFacility {
  return {
    code, type, status: 'open', opened_on: null, closed_on: null, lon: at[0]!, lat: at[1]!,
    gp_count: capacity.gp_count ?? null, beds: capacity.beds ?? null, floor_area_m2: capacity.floor_area_m2 ?? null,
  };
}

/** A coverage random case with capacity columns: gp_count 0–8 (10 % null), beds 0–60 (30 % null), floor area. */
export function withCapacity(input: CoverageInput, seed: number): AccessibilityInput {
  const rnd = createRandom(seed);
  return {
    communities: input.communities,
    buildings: input.buildings,
    facilities: input.facilities.map((f) => ({
      ...f,
      gp_count: rnd() < 0.1 ? null : Math.floor(rnd() * 9),
      beds: rnd() < 0.3 ? null : Math.floor(rnd() * 61),
      floor_area_m2: 50 + Math.floor(rnd() * 2000),
    })),
  };
}

/**
 * 2SFCA by brute force, written independently of the engine: every demand point against every
 * counted facility with GeographicLib, demand spread over buildings by households share (a
 * community without buildings: evenly over its fallback grid). Returns supply_reachable per community.
 */
export function bruteForceTwoStep(
  input: AccessibilityInput,
  o: { types: Record<string, number>; supply: SupplyMeasure; demand: DemandMeasure; asOf: string; zones: DecayZone[] },
): { reachable: Map<string, number>; supplyReached: number } {
  type Point = { community: string; lon: number; lat: number; demand: number };
  const points: Point[] = [];
  for (const c of input.communities) {
    const bs = input.buildings.filter((b) => b.community_code === c.code);
    const hh = bs.reduce((s, b) => s + b.households, 0);
    const demandOf = o.demand === 'households' ? (bs.length > 0 ? hh : c.households) : c[o.demand];
    if (bs.length > 0) {
      for (const b of bs) points.push({ community: c.code, lon: b.lon, lat: b.lat, demand: demandOf * (hh > 0 ? b.households / hh : 1 / bs.length) });
    } else {
      const grid = fallbackGrid(c.geometry).points;
      for (const p of grid) points.push({ community: c.code, lon: p[0]!, lat: p[1]!, demand: demandOf / grid.length });
    }
  }
  const counted = input.facilities.filter((f) => o.types[f.type] !== undefined && isOpenOn(f, o.asOf) && (o.supply === 'count' || f[o.supply] !== null));
  const weight = (d: number, reach: number): number => {
    for (const z of o.zones) if (d <= (z.upToFraction === 1 ? reach : z.upToFraction * reach)) return z.weight;
    return 0;
  };
  const w = counted.map((f) => points.map((p) => weight(geodesicDistanceMeters([p.lon, p.lat], [f.lon, f.lat]), o.types[f.type]!)));
  const ratio = counted.map((f, j) => {
    const demand = points.reduce((s, p, i) => s + p.demand * w[j]![i]!, 0);
    return demand > 0 ? (o.supply === 'count' ? 1 : f[o.supply]!) / demand : 0;
  });
  const supplyReached = counted.reduce((s, f, j) => s + (ratio[j]! > 0 || points.some((p, i) => w[j]![i]! > 0 && p.demand > 0) ? (o.supply === 'count' ? 1 : f[o.supply]!) : 0), 0);
  const reachable = new Map(input.communities.map((c) => [c.code, 0]));
  points.forEach((p, i) => {
    const a = counted.reduce((s, _, j) => s + ratio[j]! * w[j]![i]!, 0);
    reachable.set(p.community, reachable.get(p.community)! + p.demand * a);
  });
  return { reachable, supplyReached };
}
