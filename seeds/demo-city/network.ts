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
import { claimArterials } from './arterials.ts';
import { cutAtBarriers } from './barrier-cuts.ts';
import { connectComponents } from './components.ts';
import { candidateCrossings, chooseCrossings } from './crossings.ts';
import type { PlanePoint } from './geometry.ts';
import type { Mesh } from './mesh.ts';
import type { NameBook } from './names.ts';
import type { BarrierLines } from './network-parts.ts';
import type { Random } from './random.ts';
import { networkSegments } from './segments.ts';

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

  // Each step is its own module; they share `random` and `names` in this order (byte-identical output).
  const barriers: BarrierLines = {
    river: { line: mesh.river, halfWidthM: riverHalfWidthM },
    rail: { line: mesh.rail, halfWidthM: railHalfWidthM },
  };
  // 1–2. Arterials, then single-segment lines (streets, footways or lanes).
  const claims = claimArterials({ mesh, riverHalfWidthM, random, names });
  const { segments, laneKeys } = networkSegments({ mesh, claims, random, laneSpacingM: options.laneSpacingM });
  // 3. Cut at the river and railway corridors; cut-end keys follow vertices, centroids and lanes.
  const { pieces, cutEnds } = cutAtBarriers({ segments, barriers, firstKey: mesh.vertices.length + mesh.cells.length + laneKeys });
  // 4–5. Candidate bridges/underpasses, then a few spread along each barrier.
  const candidates = candidateCrossings({ cutEnds, barriers });
  const spread = chooseCrossings({ candidates, cutEnds });
  // 6. Connect large components the chosen crossings left apart; keep the largest.
  const { chosen, rootOf, largestRoot } = connectComponents({ pieces, candidates, ...spread });

  // 7. Output: streets and footways of the main component, then bridges and underpasses.
  const lines: NetworkLine[] = pieces
    .filter((piece) => rootOf(piece.keyA) === largestRoot)
    .map((piece) => ({ points: [piece.points[0], piece.points[1]] as PlanePoint[], kind: piece.kind, name: piece.name }));
  const bridges: string[] = [];
  const underpasses: string[] = [];
  chosen.sort((p, q) => (p.barrier === q.barrier ? p.arcM - q.arcM : p.barrier === 'river' ? -1 : 1));
  for (const c of chosen) {
    if (rootOf(c.a.key) !== largestRoot) continue;
    const arterialName = c.priority >= 2 ? c.a.name : null;
    const name = c.barrier === 'river' ? names.bridge(arterialName) : names.underpass(arterialName);
    (c.barrier === 'river' ? bridges : underpasses).push(name);
    lines.push({ points: [c.a.point, c.b.point], kind: c.priority >= 2 ? c.a.kind : 'footway', name });
  }
  return { lines, bridges, underpasses };
}
