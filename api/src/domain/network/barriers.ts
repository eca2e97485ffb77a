import type { Feature, FeatureCollection, LineString, Position } from 'geojson';
import { RAD, WGS84_A_METERS, WGS84_E2 } from '../geo/wgs84.ts';
import type { NetworkLineProperties } from './model.ts';

/** Options of {@link cutAtBarriers}. */
export interface CutAtBarriersOptions {
  /** A crossing within this distance of a gate is a way through. Default 20 m. */
  gateRadiusM?: number;
  /** Gap left where a line is cut, metres (so the two ends share no vertex). Default 1. */
  gapM?: number;
}

/** Result of {@link cutAtBarriers}. */
export interface CutAtBarriers<P> {
  lines: FeatureCollection<LineString, P>;
  /** Crossings cut, and crossings let through because a gate was near. */
  cuts: number;
  throughGates: number;
}

/**
 * Cuts walkable lines where they cross a wall (a campus or compound wall, a fence), except near
 * a gate: walking across is then possible only where the barrier has an opening. Each cut leaves
 * a gap of `gapM`, so the two sides share no vertex and do not meet when noded. Lines marked
 * `walkable: false` are passed through unchanged. A wall that only ends on a line (its first or
 * last point; a closed ring has none) does not cut it. Geometry is planar in a local tangent plane,
 * which is exact enough at the scale of a district.
 *
 * @param {FeatureCollection<LineString>} lines network lines
 * @param {Position[][]} barriers barrier lines (closed rings allowed), as coordinate lists
 * @param {Position[]} gates positions of gates and entrances
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.gateRadiusM=20] crossings this close to a gate are openings
 * @param {number} [options.gapM=1] gap left at a cut
 * @returns {CutAtBarriers} the lines, cut, and how many crossings were cut or let through
 * @example
 * const { lines: walled } = cutAtBarriers(lines, campusBoundaries, gateNodes);
 */
export function cutAtBarriers<P extends NetworkLineProperties | null>(
  lines: FeatureCollection<LineString, P>,
  barriers: ReadonlyArray<readonly Position[]>,
  gates: readonly Position[],
  options: CutAtBarriersOptions = {},
): CutAtBarriers<P> {
  // Input validation
  if (!lines || lines.type !== 'FeatureCollection') throw new Error('cutAtBarriers: lines must be a FeatureCollection of LineStrings');
  if (!Array.isArray(barriers) || !Array.isArray(gates)) throw new Error('cutAtBarriers: barriers and gates must be arrays');
  const gateRadiusM = options.gateRadiusM ?? 20;
  const gapM = options.gapM ?? 1;
  if (!(gateRadiusM >= 0)) throw new Error(`cutAtBarriers: options.gateRadiusM must be ≥ 0, got ${gateRadiusM}`);
  if (!(gapM > 0)) throw new Error(`cutAtBarriers: options.gapM must be > 0, got ${gapM}`);

  // Local plane around the first barrier vertex (or the first line).
  const origin = (barriers[0]?.[0] ?? lines.features[0]?.geometry.coordinates[0] ?? [0, 0]) as Position;
  const lat0 = origin[1] as number;
  const lon0 = origin[0] as number;
  const s = Math.sin(lat0 * RAD);
  const w = 1 - WGS84_E2 * s * s;
  const n = WGS84_A_METERS / Math.sqrt(w);
  const kx = n * Math.cos(lat0 * RAD) * RAD;
  const ky = ((n * (1 - WGS84_E2)) / w) * RAD;
  const xy = (p: Position): [number, number] => [((p[0] as number) - lon0) * kx, ((p[1] as number) - lat0) * ky];

  // Barrier segments, with whether each end is a free end of an open line.
  const segs: Array<{ a: [number, number]; b: [number, number]; freeA: boolean; freeB: boolean }> = [];
  for (const line of barriers) {
    const closed = line.length > 2 && line[0]![0] === line[line.length - 1]![0] && line[0]![1] === line[line.length - 1]![1];
    for (let k = 0; k + 1 < line.length; k++) {
      segs.push({ a: xy(line[k]!), b: xy(line[k + 1]!), freeA: !closed && k === 0, freeB: !closed && k + 2 === line.length });
    }
  }
  const gateXY = gates.map(xy);
  let cuts = 0;
  let throughGates = 0;

  const out: Array<Feature<LineString, P>> = [];
  for (const feature of lines.features) {
    if (feature.properties?.walkable === false || segs.length === 0) {
      out.push(feature);
      continue;
    }
    const coords = feature.geometry.coordinates;
    const pts = coords.map(xy);
    const cum: number[] = [0];
    for (let k = 1; k < pts.length; k++) cum.push(cum[k - 1]! + Math.hypot(pts[k]![0] - pts[k - 1]![0], pts[k]![1] - pts[k - 1]![1]));
    const cutsAt: number[] = [];
    for (let k = 0; k + 1 < pts.length; k++) {
      const p = pts[k]!;
      const q = pts[k + 1]!;
      const minX = Math.min(p[0], q[0]);
      const maxX = Math.max(p[0], q[0]);
      const minY = Math.min(p[1], q[1]);
      const maxY = Math.max(p[1], q[1]);
      for (const sg of segs) {
        if (Math.max(sg.a[0], sg.b[0]) < minX || Math.min(sg.a[0], sg.b[0]) > maxX || Math.max(sg.a[1], sg.b[1]) < minY || Math.min(sg.a[1], sg.b[1]) > maxY) continue;
        const hit = intersect(p, q, sg.a, sg.b);
        if (!hit) continue;
        if ((hit.u === 0 && sg.freeA) || (hit.u === 1 && sg.freeB)) continue;
        const at = cum[k]! + hit.t * (cum[k + 1]! - cum[k]!);
        if (cutsAt.some((c) => Math.abs(c - at) < 1e-6)) continue; // the same point through two barrier segments
        const x = hit.x;
        if (gateXY.some((g) => Math.hypot(g[0] - x[0], g[1] - x[1]) <= gateRadiusM)) {
          throughGates++;
          continue;
        }
        cutsAt.push(at);
      }
    }
    if (cutsAt.length === 0) {
      out.push(feature);
      continue;
    }
    cuts += cutsAt.length;
    cutsAt.sort((a, b) => a - b);
    const total = cum[cum.length - 1]!;
    const bounds = [0, ...cutsAt.flatMap((c) => [c - gapM / 2, c + gapM / 2]), total];
    for (let i = 0; i + 1 < bounds.length; i += 2) {
      const from = Math.max(0, bounds[i]!);
      const to = Math.min(total, bounds[i + 1]!);
      if (to - from < 0.1) continue;
      out.push({ ...feature, geometry: { type: 'LineString', coordinates: slice(coords, cum, from, to) } });
    }
  }
  return { lines: { type: 'FeatureCollection', features: out }, cuts, throughGates };
}

/** Intersection of segments pq and ab (parameters t on pq, u on ab, both in [0, 1]); null when they miss or are parallel. @private */
function intersect(p: [number, number], q: [number, number], a: [number, number], b: [number, number]): { t: number; u: number; x: [number, number] } | null {
  const rx = q[0] - p[0];
  const ry = q[1] - p[1];
  const sx = b[0] - a[0];
  const sy = b[1] - a[1];
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const t = ((a[0] - p[0]) * sy - (a[1] - p[1]) * sx) / den;
  const u = ((a[0] - p[0]) * ry - (a[1] - p[1]) * rx) / den;
  if (t < 0 || t > 1 || u < 0 || u > 1) return null;
  return { t, u, x: [p[0] + t * rx, p[1] + t * ry] };
}

/** The part of a polyline between distances from and to (plane metres), interpolated in lon/lat. @private */
function slice(coords: Position[], cum: number[], from: number, to: number): Position[] {
  const at = (m: number): Position => {
    let k = 0;
    while (k < cum.length - 2 && cum[k + 1]! < m) k++;
    const span = cum[k + 1]! - cum[k]!;
    const t = span > 0 ? Math.min(1, Math.max(0, (m - cum[k]!) / span)) : 0;
    const a = coords[k]!;
    const b = coords[k + 1]!;
    return [(a[0] as number) + t * ((b[0] as number) - (a[0] as number)), (a[1] as number) + t * ((b[1] as number) - (a[1] as number))];
  };
  const out: Position[] = [from === 0 ? coords[0]! : at(from)];
  for (let k = 1; k < coords.length - 1; k++) if (cum[k]! > from && cum[k]! < to) out.push(coords[k]!);
  out.push(to === cum[cum.length - 1]! ? coords[coords.length - 1]! : at(to));
  return out;
}
