import { distanceMeters, type PlanePoint } from './geometry.ts';
import type { Mesh } from './mesh.ts';
import type { NameBook } from './names.ts';
import { KIND_RANK } from './network-parts.ts';
import type { Random } from './random.ts';

/**
 * Arterials of the demo city's network: greedy walks over the mesh edges along the lines of a
 * coarse, slightly rotated grid; each walked line becomes a named primary or secondary road.
 * The output is only which edges each arterial claims, so the segment step stays simple.
 */

/** Spacing of the arterial grid, metres. */
const ARTERIAL_SPACING_M = 2400;
/** Edges shorter than this are stepped over by arterial walks (near-degenerate Voronoi vertices). */
const SHORT_EDGE_M = 40;

/** An edge's arterial. */
export interface ArterialClaim {
  arterial: number;
  kind: string;
  name: string;
  rank: number;
}

/** Options of {@link claimArterials}. */
export interface ArterialOptions {
  mesh: Mesh;
  /** Edges along the river (within this + 25 m of it) are never followed. */
  riverHalfWidthM: number;
  /** The network's stream: draws the grid angle and offsets (before the footways draw). */
  random: Random;
  /** Draws the road names. */
  names: NameBook;
}

/**
 * Walks the east-west lines, then the north-south ones, central line first.
 *
 * @param {ArterialOptions} options the mesh, the river's half width, the stream and the name book
 * @returns {Map<number, ArterialClaim>} edge index → its arterial (the higher rank wins)
 * @example
 * const claims = claimArterials({ mesh, riverHalfWidthM: 45, random, names });
 */
export function claimArterials({ mesh, riverHalfWidthM, random, names }: ArterialOptions): Map<number, ArterialClaim> {
  const { vertices, edges, cells, river } = mesh;
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

  const gridAngle = random.float(-0.12, 0.12);
  const claims = new Map<number, ArterialClaim>();
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
  return claims;
}
