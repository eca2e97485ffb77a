/**
 * The walkable street network of the demo city, in the local metric plane.
 *
 * - Every mesh edge (community boundary) is a street; chains of edges that follow a coarse,
 *   slightly rotated grid become named arterials (primary / secondary), the rest are
 *   `residential` (urban) or `unclassified` (county) streets.
 * - Footways run from each cell's centroid to two or three of its corners.
 * - Every line is cut where it comes within the river's or the railway's corridor; the river is
 *   crossed only by a few bridges and the railway only by a few underpasses, each a short line
 *   joining two cut ends.
 * - Lines meet only at their end points (the network is pre-noded), and only the largest
 *   connected component is kept.
 */
import { distanceMeters, ringCentroid, type PlanePoint, type PolylineIndex } from './geometry.ts';
import { buildLanes } from './lanes.ts';
import type { Mesh } from './mesh.ts';
import type { NameBook } from './names.ts';
import type { Random } from './random.ts';

/** One network line in the metric plane. */
export interface NetworkLine {
  points: PlanePoint[];
  /** OSM-like highway kind: primary, secondary, residential, unclassified, footway. */
  kind: string;
  name: string | null;
}

/** The generated network and what was built across the barriers. */
export interface Network {
  lines: NetworkLine[];
  /** Names of the river bridges, in order along the river. */
  bridges: string[];
  /** Names of the railway underpasses, in order along the railway. */
  underpasses: string[];
}

/** Options of {@link buildNetwork}. */
export interface NetworkOptions {
  /** Half the river's width: no line but a bridge comes closer to its centre line. */
  riverHalfWidthM: number;
  /** Half the railway corridor's width: no line but an underpass comes closer. */
  railHalfWidthM: number;
  /** Compound lanes inside every cell this far apart (in place of the footways); unset: none. */
  laneSpacingM?: number | undefined;
}

/** Spacing of the arterial grid, metres. */
const ARTERIAL_SPACING_M = 2400;
/** Edges shorter than this are stepped over by arterial walks (near-degenerate Voronoi vertices). */
const SHORT_EDGE_M = 40;
/** Pieces of lines shorter than this after cutting are dropped. */
const MIN_PIECE_M = 5;
/** Widest angle between a bridge/underpass and the barrier's normal. */
const MAX_CROSSING_ANGLE_RAD = (35 * Math.PI) / 180;

type Barrier = 'river' | 'rail';

/** Where a line was cut at a barrier corridor. */
interface CutEnd {
  key: number;
  point: PlanePoint;
  barrier: Barrier;
  side: -1 | 0 | 1;
  arcM: number;
  tangent: PlanePoint;
  arterial: number;
  kind: string;
  name: string | null;
}

/** A possible bridge or underpass between two cut ends. */
interface Crossing {
  a: CutEnd;
  b: CutEnd;
  barrier: Barrier;
  priority: number;
  arcM: number;
  lengthM: number;
}

/** A single-segment line before cutting. */
interface Segment {
  a: PlanePoint;
  b: PlanePoint;
  keyA: number;
  keyB: number;
  kind: string;
  name: string | null;
  arterial: number;
}

/** A piece of a segment after cutting, with its end-node keys. */
interface Piece {
  points: [PlanePoint, PlanePoint];
  keyA: number;
  keyB: number;
  kind: string;
  name: string | null;
}

const KIND_RANK: Record<string, number> = { primary: 3, secondary: 2 };

/**
 * Builds the walkable network of a mesh.
 *
 * @param {Mesh} mesh the city's cells (their edges become streets)
 * @param {Random} random stream for the network
 * @param {NameBook} names road, bridge and underpass names
 * @param {NetworkOptions} options barrier corridor widths
 * @returns {Network} the lines, bridges and underpasses
 * @example
 * const network = buildNetwork(mesh, random.fork('network'), names, { riverHalfWidthM: 45, railHalfWidthM: 12 });
 */
export function buildNetwork(mesh: Mesh, random: Random, names: NameBook, options: NetworkOptions): Network {
  // Input validation
  const { riverHalfWidthM, railHalfWidthM } = options;
  if (!(riverHalfWidthM > 0)) throw new Error(`riverHalfWidthM must be > 0, got ${riverHalfWidthM}`);
  if (!(railHalfWidthM > 0)) throw new Error(`railHalfWidthM must be > 0, got ${railHalfWidthM}`);

  const { vertices, edges, cells, river, rail } = mesh;
  const vertexCount = vertices.length;
  const vertex = (v: number): PlanePoint => vertices[v] as PlanePoint;

  // Vertex → incident edges, and the local cell size at each vertex.
  const incident: number[][] = vertices.map(() => []);
  const urbanVertex: boolean[] = vertices.map(() => false);
  edges.forEach((edge, e) => {
    (incident[edge.a] as number[]).push(e);
    (incident[edge.b] as number[]).push(e);
    if (edge.cells.some((c) => cells[c]?.zone === 'urban')) {
      urbanVertex[edge.a] = true;
      urbanVertex[edge.b] = true;
    }
  });
  const spacingAt = (v: number): number => (urbanVertex[v] ? mesh.urbanSpacingM : mesh.countySpacingM);
  const edgeLength = (e: number): number => {
    const edge = edges[e] as { a: number; b: number };
    return distanceMeters(vertex(edge.a), vertex(edge.b));
  };
  /** An edge running along the river (arterials must not follow it). */
  const alongRiver = (e: number): boolean => {
    const edge = edges[e] as { a: number; b: number };
    const a = vertex(edge.a);
    const b = vertex(edge.b);
    const mid: PlanePoint = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    return edgeLength(e) > SHORT_EDGE_M && river.distanceWithin(mid, riverHalfWidthM + 25) < riverHalfWidthM + 25;
  };
  /** Moves from a vertex: each incident edge, and edge pairs through a very short edge. */
  const movesFrom = (v: number): Array<{ path: number[]; to: number }> => {
    const moves: Array<{ path: number[]; to: number }> = [];
    for (const e of incident[v] as number[]) {
      const edge = edges[e] as { a: number; b: number };
      const next = edge.a === v ? edge.b : edge.a;
      moves.push({ path: [e], to: next });
      if (edgeLength(e) > SHORT_EDGE_M) continue;
      for (const f of incident[next] as number[]) {
        if (f === e) continue;
        const second = edges[f] as { a: number; b: number };
        moves.push({ path: [e, f], to: second.a === next ? second.b : second.a });
      }
    }
    return moves;
  };

  // 1. Arterials: greedy walks along the lines of a rotated grid.
  const gridAngle = random.float(-0.12, 0.12);
  const claims = new Map<number, { arterial: number; kind: string; name: string; rank: number }>();
  let arterialCount = 0;
  for (const direction of ['ew', 'ns'] as const) {
    const along: PlanePoint =
      direction === 'ew' ? [Math.cos(gridAngle), Math.sin(gridAngle)] : [-Math.sin(gridAngle), Math.cos(gridAngle)];
    const across: PlanePoint = [-along[1], along[0]];
    const offsetShiftM = random.float(-0.5, 0.5) * ARTERIAL_SPACING_M;
    const acrossOf = (v: number): number => across[0] * vertex(v)[0] + across[1] * vertex(v)[1];
    const alongOf = (v: number): number => along[0] * vertex(v)[0] + along[1] * vertex(v)[1];
    let minAcross = Infinity;
    let maxAcross = -Infinity;
    for (let v = 0; v < vertexCount; v++) {
      minAcross = Math.min(minAcross, acrossOf(v));
      maxAcross = Math.max(maxAcross, acrossOf(v));
    }
    const lines: number[] = [];
    for (let j = Math.floor((minAcross - offsetShiftM) / ARTERIAL_SPACING_M); j <= Math.ceil((maxAcross - offsetShiftM) / ARTERIAL_SPACING_M); j++) {
      lines.push(j);
    }
    const central = lines.reduce((best, j) =>
      Math.abs(offsetShiftM + j * ARTERIAL_SPACING_M) < Math.abs(offsetShiftM + best * ARTERIAL_SPACING_M) ? j : best,
    );
    lines.sort((p, q) => Math.abs(p - central) - Math.abs(q - central) || p - q);

    for (const j of lines) {
      const offsetM = offsetShiftM + j * ARTERIAL_SPACING_M;
      const kind = (j - central) % 2 === 0 ? 'primary' : 'secondary';
      const entersCounty = (j - central) % 3 === 0;
      const allowed = (v: number): boolean => urbanVertex[v] === true || entersCounty;
      const deviation = (v: number): number => Math.abs(acrossOf(v) - offsetM) / spacingAt(v);
      const strip: number[] = [];
      for (let v = 0; v < vertexCount; v++) if (allowed(v) && deviation(v) < 0.5) strip.push(v);
      strip.sort((p, q) => alongOf(p) - alongOf(q) || p - q);

      const visited = new Set<number>();
      const paths: number[][] = [];
      let lastAlongM = -Infinity;
      for (const start of strip) {
        if (visited.has(start) || alongOf(start) <= lastAlongM) continue;
        const pathEdges: number[] = [];
        let current = start;
        visited.add(start);
        for (;;) {
          let best: { path: number[]; to: number } | null = null;
          let bestScore = -Infinity;
          for (const move of movesFrom(current)) {
            const next = move.to;
            if (visited.has(next) || !allowed(next) || move.path.some(alongRiver)) continue;
            const lengthM = distanceMeters(vertex(current), vertex(next));
            const progressM = alongOf(next) - alongOf(current);
            if (lengthM <= SHORT_EDGE_M || progressM < 0.3 * lengthM || deviation(next) > 0.6) continue;
            const score = progressM / lengthM - 1.2 * deviation(next);
            if (score > bestScore) {
              bestScore = score;
              best = move;
            }
          }
          if (best === null) break;
          pathEdges.push(...best.path);
          for (const e of best.path) {
            const edge = edges[e] as { a: number; b: number };
            visited.add(edge.a);
            visited.add(edge.b);
          }
          current = best.to;
        }
        lastAlongM = alongOf(current);
        if (pathEdges.length >= 3 && alongOf(current) - alongOf(start) >= 1200) paths.push(pathEdges);
      }
      if (paths.length === 0) continue;
      const name = names.road(direction);
      const arterial = arterialCount++;
      const rank = KIND_RANK[kind] as number;
      for (const path of paths) {
        for (const e of path) {
          const claim = claims.get(e);
          if (!claim || claim.rank < rank) claims.set(e, { arterial, kind, name, rank });
        }
      }
    }
  }

  // 2. Single-segment lines: mesh edges, then footways from cell centroids.
  const segments: Segment[] = edges.map((edge, e) => {
    const claim = claims.get(e);
    const urban = edge.cells.some((c) => cells[c]?.zone === 'urban');
    return {
      a: vertex(edge.a),
      b: vertex(edge.b),
      keyA: edge.a,
      keyB: edge.b,
      kind: claim?.kind ?? (urban ? 'residential' : 'unclassified'),
      name: claim?.name ?? null,
      arterial: claim?.arterial ?? -1,
    };
  });
  let laneKeys = 0;
  if (options.laneSpacingM !== undefined) {
    // Lanes split the streets they meet, and replace the footways (which would cross them).
    const lanes = buildLanes(mesh, random.fork('lanes'), options.laneSpacingM, vertexCount + cells.length);
    laneKeys = lanes.keyCount;
    const split: Segment[] = [];
    segments.forEach((segment, e) => {
      const cuts = (lanes.splits.get(e) ?? []).sort((p, q) => p.t - q.t);
      if (cuts.length === 0) {
        split.push(segment);
        return;
      }
      const stops = [{ point: segment.a, key: segment.keyA }, ...cuts.map((c) => ({ point: c.point, key: c.key })), { point: segment.b, key: segment.keyB }];
      for (let k = 0; k + 1 < stops.length; k++) {
        split.push({ ...segment, a: stops[k]!.point, b: stops[k + 1]!.point, keyA: stops[k]!.key, keyB: stops[k + 1]!.key });
      }
    });
    segments.length = 0;
    segments.push(...split);
    for (const lane of lanes.pieces) segments.push({ ...lane, kind: 'service', name: null, arterial: -1 });
  }
  cells.forEach((cell, c) => {
    if (options.laneSpacingM !== undefined) return;
    const ringPoints = cell.ring.map(vertex);
    const centroid = ringCentroid(ringPoints);
    const count = random.int(2, 3);
    const start = random.int(0, cell.ring.length - 1);
    const chosen = new Set<number>();
    for (let i = 0; i < count; i++) {
      chosen.add(cell.ring[(start + Math.floor((i * cell.ring.length) / count)) % cell.ring.length] as number);
    }
    for (const v of chosen) {
      segments.push({ a: centroid, b: vertex(v), keyA: vertexCount + c, keyB: v, kind: 'footway', name: null, arterial: -1 });
    }
  });

  // 3. Cut every segment at the river and railway corridors.
  const pieces: Piece[] = [];
  const cutEnds: CutEnd[] = [];
  let nextKey = vertexCount + cells.length + laneKeys;
  const barrierIndex: Record<Barrier, { line: PolylineIndex; halfWidthM: number }> = {
    river: { line: river, halfWidthM: riverHalfWidthM },
    rail: { line: rail, halfWidthM: railHalfWidthM },
  };
  const makeCutEnd = (segment: Segment, point: PlanePoint, barrier: Barrier): number => {
    const { line, halfWidthM } = barrierIndex[barrier];
    const hit = line.project(point, halfWidthM + 5);
    const key = nextKey++;
    cutEnds.push({
      key,
      point,
      barrier,
      side: hit?.side ?? 0,
      arcM: hit?.arcM ?? 0,
      tangent: hit?.tangent ?? [1, 0],
      arterial: segment.arterial,
      kind: segment.kind,
      name: segment.name,
    });
    return key;
  };
  for (const segment of segments) {
    const labelled = [
      ...river.bufferIntervals(segment.a, segment.b, riverHalfWidthM).map((i) => ({ t0: i[0], t1: i[1], barrier: 'river' as Barrier })),
      ...rail.bufferIntervals(segment.a, segment.b, railHalfWidthM).map((i) => ({ t0: i[0], t1: i[1], barrier: 'rail' as Barrier })),
    ].sort((p, q) => p.t0 - q.t0 || p.t1 - q.t1);
    const blocked: Array<{ t0: number; t1: number; startBarrier: Barrier; endBarrier: Barrier }> = [];
    for (const interval of labelled) {
      const last = blocked[blocked.length - 1];
      if (last && interval.t0 <= last.t1) {
        if (interval.t1 > last.t1) {
          last.t1 = interval.t1;
          last.endBarrier = interval.barrier;
        }
      } else blocked.push({ t0: interval.t0, t1: interval.t1, startBarrier: interval.barrier, endBarrier: interval.barrier });
    }
    const lengthM = distanceMeters(segment.a, segment.b);
    const at = (t: number): PlanePoint =>
      t === 0 ? segment.a : t === 1 ? segment.b : [segment.a[0] + t * (segment.b[0] - segment.a[0]), segment.a[1] + t * (segment.b[1] - segment.a[1])];
    let freeStart = 0;
    let startBarrier: Barrier | null = null;
    const emit = (t0: number, t1: number, barrier0: Barrier | null, barrier1: Barrier | null): void => {
      if ((t1 - t0) * lengthM < MIN_PIECE_M) return;
      const p0 = at(t0);
      const p1 = at(t1);
      const keyA = barrier0 === null ? segment.keyA : makeCutEnd(segment, p0, barrier0);
      const keyB = barrier1 === null ? segment.keyB : makeCutEnd(segment, p1, barrier1);
      pieces.push({ points: [p0, p1], keyA, keyB, kind: segment.kind, name: segment.name });
    };
    for (const interval of blocked) {
      if (interval.t0 > freeStart) emit(freeStart, interval.t0, startBarrier, interval.startBarrier);
      freeStart = interval.t1;
      startBarrier = interval.endBarrier;
    }
    if (freeStart < 1) emit(freeStart, 1, startBarrier, null);
  }

  // 4. Candidate bridges/underpasses: pairs of cut ends on opposite sides of one barrier.
  const candidates: Crossing[] = [];
  for (const barrier of ['river', 'rail'] as const) {
    const { halfWidthM } = barrierIndex[barrier];
    const other = barrier === 'river' ? barrierIndex.rail : barrierIndex.river;
    const maxLengthM = (2 * halfWidthM) / Math.cos(MAX_CROSSING_ANGLE_RAD) + 20;
    const ends = cutEnds.filter((end) => end.barrier === barrier && end.side !== 0).sort((p, q) => p.arcM - q.arcM || p.key - q.key);
    for (let i = 0; i < ends.length; i++) {
      const a = ends[i] as CutEnd;
      if (a.side !== 1) continue;
      for (const direction of [-1, 1]) {
        for (let j = i + direction; j >= 0 && j < ends.length; j += direction) {
          const b = ends[j] as CutEnd;
          if (Math.abs(b.arcM - a.arcM) > maxLengthM) break;
          if (b.side !== -1) continue;
          const lengthM = distanceMeters(a.point, b.point);
          if (lengthM > maxLengthM) continue;
          const along = Math.abs((b.point[0] - a.point[0]) * a.tangent[0] + (b.point[1] - a.point[1]) * a.tangent[1]);
          if (along > lengthM * Math.sin(MAX_CROSSING_ANGLE_RAD)) continue;
          if (other.line.bufferIntervals(a.point, b.point, other.halfWidthM + 5).length > 0) continue;
          const sameArterial = a.arterial >= 0 && a.arterial === b.arterial;
          const priority = sameArterial ? (KIND_RANK[a.kind] ?? 1) : a.arterial >= 0 || b.arterial >= 0 ? 1 : 0;
          candidates.push({ a, b, barrier, priority, arcM: (a.arcM + b.arcM) / 2, lengthM });
        }
      }
    }
  }

  // 5. Choose crossings spread along each barrier, preferring arterials.
  const usedEnds = new Set<number>();
  const chosen: Crossing[] = [];
  const better = (p: Crossing, q: Crossing, midM: number): boolean =>
    p.priority !== q.priority
      ? p.priority > q.priority
      : Math.abs(p.arcM - midM) !== Math.abs(q.arcM - midM)
        ? Math.abs(p.arcM - midM) < Math.abs(q.arcM - midM)
        : p.a.key < q.a.key;
  for (const barrier of ['river', 'rail'] as const) {
    const own = candidates.filter((c) => c.barrier === barrier);
    const arcs = cutEnds.filter((end) => end.barrier === barrier).map((end) => end.arcM);
    if (own.length === 0 || arcs.length === 0) continue;
    const loM = Math.min(...arcs);
    const hiM = Math.max(...arcs);
    const wanted = barrier === 'river' ? Math.max(3, Math.round((hiM - loM) / 6000)) : Math.max(2, Math.round((hiM - loM) / 8000));
    const binM = (hiM - loM) / wanted;
    for (let bin = 0; bin < wanted; bin++) {
      const midM = loM + (bin + 0.5) * binM;
      let best: Crossing | null = null;
      for (const c of own) {
        if (c.arcM < loM + bin * binM || c.arcM > loM + (bin + 1) * binM) continue;
        if (usedEnds.has(c.a.key) || usedEnds.has(c.b.key)) continue;
        if (best === null || better(c, best, midM)) best = c;
      }
      if (best) {
        chosen.push(best);
        usedEnds.add(best.a.key);
        usedEnds.add(best.b.key);
      }
    }
    // Bins without a candidate: take the free candidate farthest from the chosen ones.
    for (;;) {
      const ownChosen = chosen.filter((c) => c.barrier === barrier);
      if (ownChosen.length >= wanted) break;
      let best: Crossing | null = null;
      let bestGapM = -1;
      for (const c of own) {
        if (usedEnds.has(c.a.key) || usedEnds.has(c.b.key)) continue;
        const gapM = Math.min(Infinity, ...ownChosen.map((d) => Math.abs(d.arcM - c.arcM)));
        if (gapM > bestGapM || (gapM === bestGapM && best !== null && c.priority > best.priority)) {
          best = c;
          bestGapM = gapM;
        }
      }
      if (best === null) break;
      chosen.push(best);
      usedEnds.add(best.a.key);
      usedEnds.add(best.b.key);
    }
  }

  // 6. Connect large components that the chosen crossings left apart, then keep the largest.
  const parent = new Map<number, number>();
  const find = (key: number): number => {
    let root = key;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) as number;
    let node = key;
    while (node !== root) {
      const up = parent.get(node) as number;
      parent.set(node, root);
      node = up;
    }
    return root;
  };
  const union = (p: number, q: number): void => {
    const rp = find(p);
    const rq = find(q);
    if (rp !== rq) parent.set(Math.max(rp, rq), Math.min(rp, rq));
  };
  for (const piece of pieces) union(piece.keyA, piece.keyB);
  for (const c of chosen) union(c.a.key, c.b.key);
  const componentSizes = (): Map<number, number> => {
    const sizes = new Map<number, number>();
    for (const piece of pieces) {
      const root = find(piece.keyA);
      sizes.set(root, (sizes.get(root) ?? 0) + 1);
    }
    return sizes;
  };
  const bigComponent = Math.max(20, Math.round(pieces.length * 0.01));
  for (;;) {
    const sizes = componentSizes();
    const big = (key: number): boolean => (sizes.get(find(key)) ?? 0) >= bigComponent;
    let best: Crossing | null = null;
    for (const c of candidates) {
      if (usedEnds.has(c.a.key) || usedEnds.has(c.b.key)) continue;
      if (find(c.a.key) === find(c.b.key) || !big(c.a.key) || !big(c.b.key)) continue;
      if (
        best === null ||
        c.priority > best.priority ||
        (c.priority === best.priority && (c.lengthM < best.lengthM || (c.lengthM === best.lengthM && c.a.key < best.a.key)))
      ) {
        best = c;
      }
    }
    if (best === null) break;
    chosen.push(best);
    usedEnds.add(best.a.key);
    usedEnds.add(best.b.key);
    union(best.a.key, best.b.key);
  }
  const sizes = componentSizes();
  let largestRoot = -1;
  let largestSize = -1;
  for (const [root, size] of [...sizes.entries()].sort((p, q) => p[0] - q[0])) {
    if (size > largestSize) {
      largestRoot = root;
      largestSize = size;
    }
  }

  // 7. Output: streets and footways of the main component, then bridges and underpasses.
  const lines: NetworkLine[] = pieces
    .filter((piece) => find(piece.keyA) === largestRoot)
    .map((piece) => ({ points: [piece.points[0], piece.points[1]], kind: piece.kind, name: piece.name }));
  const bridges: string[] = [];
  const underpasses: string[] = [];
  chosen.sort((p, q) => (p.barrier === q.barrier ? p.arcM - q.arcM : p.barrier === 'river' ? -1 : 1));
  for (const c of chosen) {
    if (find(c.a.key) !== largestRoot) continue;
    const arterialName = c.priority >= 2 ? c.a.name : null;
    const name = c.barrier === 'river' ? names.bridge(arterialName) : names.underpass(arterialName);
    (c.barrier === 'river' ? bridges : underpasses).push(name);
    lines.push({ points: [c.a.point, c.b.point], kind: c.priority >= 2 ? c.a.kind : 'footway', name });
  }
  return { lines, bridges, underpasses };
}
