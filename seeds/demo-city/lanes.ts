/**
 * Optional compound lanes (小区道路) inside every cell, for benchmark cities with a dense street
 * network: two families of parallel lanes at right angles, `spacingM` apart, in a frame turned
 * at random per cell. Lanes are split where they cross each other and where they meet the cell's
 * boundary streets, and those streets are split there too, so the network stays pre-noded (lines
 * meet only at shared end points). Split points on a street closer than MERGE_M to another split
 * point or to the street's end are merged into it, so no piece is shorter than the generator's
 * minimum piece.
 */
import type { PlanePoint } from './geometry.ts';
import type { Mesh } from './mesh.ts';
import type { Random } from './random.ts';

/** Split points closer than this on one street are merged. */
const MERGE_M = 8;
/** Lanes shorter than this (a corner clipped by the lane grid) are not drawn. */
const MIN_LANE_M = 25;

/** A lane piece between two keyed points (keys shared with the streets it meets). */
export interface LanePiece {
  a: PlanePoint;
  b: PlanePoint;
  keyA: number;
  keyB: number;
}

/** Where a street (mesh edge, from its vertex a to b) is split by lanes. */
export interface StreetSplit {
  t: number;
  key: number;
  point: PlanePoint;
}

/** Lanes of every cell and the splits of the streets. */
export interface Lanes {
  pieces: LanePiece[];
  splits: Map<number, StreetSplit[]>;
  /** Keys used: firstKey … firstKey + keyCount − 1. */
  keyCount: number;
}

/**
 * Builds the lanes of all cells.
 *
 * @param {Mesh} mesh cells and shared edges
 * @param {Random} random stream for the lane frames
 * @param {number} spacingM distance between parallel lanes
 * @param {number} firstKey first free node key
 * @returns {Lanes} lane pieces, street splits, keys used
 * @example
 * const lanes = buildLanes(mesh, random.fork('lanes'), 120, vertexCount + cells.length);
 */
export function buildLanes(mesh: Mesh, random: Random, spacingM: number, firstKey: number): Lanes {
  // Input validation
  if (!(spacingM >= 30 && spacingM <= 1000)) throw new Error(`laneSpacingM must be 30–1000, got ${spacingM}`);

  const { vertices, edges, cells } = mesh;
  const edgeOf = new Map<string, number>();
  edges.forEach((edge, e) => edgeOf.set(edge.a < edge.b ? `${edge.a},${edge.b}` : `${edge.b},${edge.a}`, e));
  let nextKey = firstKey;
  const splits = new Map<number, StreetSplit[]>();
  const pieces: LanePiece[] = [];

  /** Registers a lane end on a street; returns the (possibly merged) key and point. */
  const splitStreet = (e: number, t: number): { key: number; point: PlanePoint } => {
    const edge = edges[e] as { a: number; b: number };
    const a = vertices[edge.a] as PlanePoint;
    const b = vertices[edge.b] as PlanePoint;
    const lengthM = Math.hypot(b[0] - a[0], b[1] - a[1]);
    if (t * lengthM < MERGE_M) return { key: edge.a, point: a };
    if ((1 - t) * lengthM < MERGE_M) return { key: edge.b, point: b };
    let list = splits.get(e);
    if (!list) splits.set(e, (list = []));
    for (const s of list) if (Math.abs(s.t - t) * lengthM < MERGE_M) return { key: s.key, point: s.point };
    const point: PlanePoint = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    const split = { t, key: nextKey++, point };
    list.push(split);
    return split;
  };

  for (const cell of cells) {
    const ring = cell.ring.map((v) => vertices[v] as PlanePoint);
    const angle = random.float(0, Math.PI / 2);
    const u: PlanePoint = [Math.cos(angle), Math.sin(angle)];
    const v: PlanePoint = [-u[1], u[0]];
    const dot = (p: PlanePoint, d: PlanePoint): number => p[0] * d[0] + p[1] * d[1];
    /** Chord of the cell along direction `along` on the line {x · across = c}, with its ring edges. */
    const chord = (across: PlanePoint, along: PlanePoint, c: number) => {
      const hits: Array<{ s: number; i: number; t: number }> = [];
      for (let i = 0; i < ring.length; i++) {
        const p = ring[i] as PlanePoint;
        const q = ring[(i + 1) % ring.length] as PlanePoint;
        const dp = dot(p, across) - c;
        const dq = dot(q, across) - c;
        if (dp === 0 || dq === 0 || dp > 0 === dq > 0) continue;
        const t = dp / (dp - dq);
        const x: PlanePoint = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
        hits.push({ s: dot(x, along), i, t });
      }
      if (hits.length !== 2) return null;
      hits.sort((m, n) => m.s - n.s);
      return hits[1]!.s - hits[0]!.s >= MIN_LANE_M ? (hits as [(typeof hits)[0], (typeof hits)[0]]) : null;
    };
    const range = (d: PlanePoint): [number, number] => {
      const values = ring.map((p) => dot(p, d));
      return [Math.min(...values), Math.max(...values)];
    };
    const families = [
      { across: v, along: u, offset: random.float(0, spacingM) },
      { across: u, along: v, offset: random.float(0, spacingM) },
    ];
    const lines = families.map(({ across, along, offset }) => {
      const [lo, hi] = range(across);
      const out: Array<{ c: number; hits: NonNullable<ReturnType<typeof chord>> }> = [];
      for (let c = lo + offset; c < hi; c += spacingM) {
        const hits = chord(across, along, c);
        if (hits) out.push({ c, hits });
      }
      return out;
    });
    // Crossings: lane A (c along v) meets lane B (c' along u) at c'·u + c·v, inside both chords.
    const crossingKey = new Map<string, { key: number; point: PlanePoint }>();
    const [famA, famB] = lines as [typeof lines[0], typeof lines[0]];
    famA.forEach((a, ia) => {
      famB.forEach((b, ib) => {
        if (b.c <= a.hits[0].s || b.c >= a.hits[1].s || a.c <= b.hits[0].s || a.c >= b.hits[1].s) return;
        crossingKey.set(`${ia},${ib}`, { key: nextKey++, point: [b.c * u[0] + a.c * v[0], b.c * u[1] + a.c * v[1]] });
      });
    });
    const endOf = (hit: { i: number; t: number }) => {
      const va = cell.ring[hit.i] as number;
      const vb = cell.ring[(hit.i + 1) % cell.ring.length] as number;
      const e = edgeOf.get(va < vb ? `${va},${vb}` : `${vb},${va}`) as number;
      return splitStreet(e, (edges[e] as { a: number }).a === va ? hit.t : 1 - hit.t);
    };
    const emit = (points: Array<{ key: number; point: PlanePoint }>): void => {
      for (let k = 0; k + 1 < points.length; k++) {
        const p = points[k]!;
        const q = points[k + 1]!;
        if (p.key !== q.key) pieces.push({ a: p.point, b: q.point, keyA: p.key, keyB: q.key });
      }
    };
    famA.forEach((a, ia) => {
      const inner = famB.map((_, ib) => crossingKey.get(`${ia},${ib}`)).filter((x) => x !== undefined);
      emit([endOf(a.hits[0]), ...inner, endOf(a.hits[1])]);
    });
    famB.forEach((b, ib) => {
      const inner = famA.map((_, ia) => crossingKey.get(`${ia},${ib}`)).filter((x) => x !== undefined);
      emit([endOf(b.hits[0]), ...inner, endOf(b.hits[1])]);
    });
  }
  return { pieces, splits, keyCount: nextKey - firstKey };
}
