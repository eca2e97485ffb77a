import type { Feature, FeatureCollection, LineString, Position } from 'geojson';
import { RAD, WGS84_A_METERS, WGS84_E2 } from '../geo/wgs84.ts';
import type { NetworkLineProperties } from './model.ts';

/** Options of {@link addCrossingVertices}. */
export interface CrossingOptions {
  /** A line end this close to another line (but not on a vertex of it) is joined to it: a T-junction drawn short or long. Default 0.5 m. */
  snapToleranceM?: number;
}

/** Result of {@link addCrossingVertices}. */
export interface Crossings<P> {
  lines: FeatureCollection<LineString, P>;
  /** Vertices added where two lines cross, and line ends joined to a nearby line. */
  crossings: number;
  junctions: number;
}

const key = (p: Position): string => `${Math.round((p[0] as number) * 1e7)},${Math.round((p[1] as number) * 1e7)}`;
const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;
const isLevelled = (p: NetworkLineProperties | null): boolean => {
  const v = (x: unknown): boolean => x !== undefined && x !== null && x !== false && x !== 'no';
  return v(p?.['bridge']) || v(p?.['tunnel']);
};
const layerOf = (p: NetworkLineProperties | null): string => String(p?.['layer'] ?? '0');

/**
 * Prepares lines from a GIS layer (street centre lines that cross without sharing a vertex) for
 * noding: a vertex is added to both lines wherever two walkable lines cross, and a line end lying
 * within `snapToleranceM` of another line is joined to it (a vertex at the projection). Lines
 * marked as a bridge or tunnel, or on different `layer`s, are left crossing (a bridge over a
 * street is no junction). OpenStreetMap data needs none of this: junctions are shared nodes.
 *
 * @param {FeatureCollection<LineString>} lines network lines (`walkable: false` ones are left as they are)
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.snapToleranceM=0.5] join line ends this close to another line
 * @returns {Crossings} the lines with the added vertices, and counts
 * @example
 * const { lines: noded } = addCrossingVertices(centreLines);
 * const network = nodeNetwork(noded);
 */
export function addCrossingVertices<P extends NetworkLineProperties | null>(lines: FeatureCollection<LineString, P>, options: CrossingOptions = {}): Crossings<P> {
  // Input validation
  if (!lines || lines.type !== 'FeatureCollection' || !Array.isArray(lines.features)) throw new Error('addCrossingVertices: lines must be a FeatureCollection of LineStrings');
  const tol = options.snapToleranceM ?? 0.5;
  if (!(tol >= 0 && tol <= 50)) throw new Error(`addCrossingVertices: options.snapToleranceM must be in [0, 50], got ${tol}`);

  const feats = lines.features;
  const first = feats.find((f) => f.geometry.coordinates.length > 0)?.geometry.coordinates[0] ?? [0, 0];
  const lat0 = first[1] as number;
  const lon0 = first[0] as number;
  const s = Math.sin(lat0 * RAD);
  const w = 1 - WGS84_E2 * s * s;
  const n = WGS84_A_METERS / Math.sqrt(w);
  const kx = n * Math.cos(lat0 * RAD) * RAD;
  const ky = ((n * (1 - WGS84_E2)) / w) * RAD;
  const toXY = (p: Position): [number, number] => [((p[0] as number) - lon0) * kx, ((p[1] as number) - lat0) * ky];
  const toLonLat = (x: number, y: number): Position => [round7(lon0 + x / kx), round7(lat0 + y / ky)];

  // Segments of the walkable lines in a grid.
  interface Seg { line: number; k: number; a: [number, number]; b: [number, number] }
  const segs: Seg[] = [];
  const xy = feats.map((f) => f.geometry.coordinates.map(toXY));
  feats.forEach((f, line) => {
    if (f.properties?.walkable === false) return;
    const pts = xy[line]!;
    for (let k = 0; k + 1 < pts.length; k++) segs.push({ line, k, a: pts[k]!, b: pts[k + 1]! });
  });
  const cell = 50;
  const grid = new Map<string, number[]>();
  const cellsOf = (sg: Seg, pad: number): string[] => {
    const out: string[] = [];
    const c0 = Math.floor((Math.min(sg.a[0], sg.b[0]) - pad) / cell);
    const c1 = Math.floor((Math.max(sg.a[0], sg.b[0]) + pad) / cell);
    const r0 = Math.floor((Math.min(sg.a[1], sg.b[1]) - pad) / cell);
    const r1 = Math.floor((Math.max(sg.a[1], sg.b[1]) + pad) / cell);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) out.push(`${c},${r}`);
    return out;
  };
  segs.forEach((sg, i) => {
    for (const c of cellsOf(sg, 0)) {
      let list = grid.get(c);
      if (!list) grid.set(c, (list = []));
      list.push(i);
    }
  });

  // Vertices to insert: per line and segment, at parameter t.
  const inserts = new Map<number, Array<{ k: number; t: number; p: Position }>>();
  const add = (line: number, k: number, t: number, p: Position): void => {
    let list = inserts.get(line);
    if (!list) inserts.set(line, (list = []));
    list.push({ k, t, p });
  };
  let crossings = 0;
  let junctions = 0;
  const seen = new Set<string>();
  segs.forEach((sg, i) => {
    const fp = feats[sg.line]!.properties;
    for (const c of cellsOf(sg, 0)) {
      for (const j of grid.get(c) ?? []) {
        if (j <= i) continue;
        const pair = `${i},${j}`;
        if (seen.has(pair)) continue;
        seen.add(pair);
        const other = segs[j]!;
        if (other.line === sg.line && Math.abs(other.k - sg.k) <= 1) continue; // neighbours share a vertex already
        const op = feats[other.line]!.properties;
        if (isLevelled(fp) || isLevelled(op) || layerOf(fp) !== layerOf(op)) continue;
        const hit = properCrossing(sg.a, sg.b, other.a, other.b);
        if (!hit) continue;
        const p = toLonLat(hit.x, hit.y);
        add(sg.line, sg.k, hit.t, p);
        add(other.line, other.k, hit.u, p);
        crossings++;
      }
    }
  });

  // Line ends near another line: join at the projection.
  const endMoves = new Map<string, Position>();
  if (tol > 0) {
    feats.forEach((f, line) => {
      if (f.properties?.walkable === false) return;
      const pts = xy[line]!;
      for (const end of [0, pts.length - 1]) {
        const e = pts[end]!;
        let best: { j: number; t: number; d: number } | null = null;
        for (const c of cellsOf({ line, k: 0, a: e, b: e }, tol)) {
          for (const j of grid.get(c) ?? []) {
            const sg = segs[j]!;
            if (sg.line === line) continue;
            const dx = sg.b[0] - sg.a[0];
            const dy = sg.b[1] - sg.a[1];
            const len2 = dx * dx + dy * dy;
            if (len2 === 0) continue;
            const t = ((e[0] - sg.a[0]) * dx + (e[1] - sg.a[1]) * dy) / len2;
            if (t <= 0 || t >= 1) continue; // at a vertex: noding joins it when it is the same point
            const d = Math.hypot(sg.a[0] + t * dx - e[0], sg.a[1] + t * dy - e[1]);
            if (d <= tol && (!best || d < best.d)) best = { j, t, d };
          }
        }
        if (!best || best.d === 0) continue;
        const sg = segs[best.j]!;
        const p = toLonLat(sg.a[0] + best.t * (sg.b[0] - sg.a[0]), sg.a[1] + best.t * (sg.b[1] - sg.a[1]));
        add(sg.line, sg.k, best.t, p);
        endMoves.set(`${line}:${end}`, p);
        junctions++;
      }
    });
  }

  const features: Array<Feature<LineString, P>> = feats.map((f, line) => {
    const list = inserts.get(line);
    const moveA = endMoves.get(`${line}:0`);
    const moveB = endMoves.get(`${line}:${f.geometry.coordinates.length - 1}`);
    if (!list && !moveA && !moveB) return f;
    const coords = f.geometry.coordinates.map((p) => [...p] as Position);
    if (moveA) coords[0] = moveA;
    if (moveB) coords[coords.length - 1] = moveB;
    const out: Position[] = [];
    const byK = new Map<number, Array<{ t: number; p: Position }>>();
    for (const ins of list ?? []) {
      let l = byK.get(ins.k);
      if (!l) byK.set(ins.k, (l = []));
      l.push(ins);
    }
    coords.forEach((p, k) => {
      if (out.length === 0 || key(out[out.length - 1]!) !== key(p)) out.push(p);
      for (const ins of (byK.get(k) ?? []).sort((a, b) => a.t - b.t)) if (key(out[out.length - 1]!) !== key(ins.p)) out.push(ins.p);
    });
    return { ...f, geometry: { type: 'LineString', coordinates: out } };
  });
  return { lines: { type: 'FeatureCollection', features }, crossings, junctions };
}

/** Proper crossing of segments ab and cd (both strictly inside): parameters and point; null otherwise. @private */
function properCrossing(a: [number, number], b: [number, number], c: [number, number], d: [number, number]): { t: number; u: number; x: number; y: number } | null {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  if (den === 0) return null;
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / den;
  const u = ((c[0] - a[0]) * ry - (c[1] - a[1]) * rx) / den;
  const eps = 1e-9;
  if (t <= eps || t >= 1 - eps || u <= eps || u >= 1 - eps) return null;
  return { t, u, x: a[0] + t * rx, y: a[1] + t * ry };
}
