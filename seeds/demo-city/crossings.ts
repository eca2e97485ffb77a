import { distanceMeters } from './geometry.ts';
import { KIND_RANK, type BarrierLines, type Crossing, type CutEnd } from './network-parts.ts';

/**
 * Bridges and underpasses of the demo city's network: every plausible pair of cut ends across one
 * barrier (short, near its normal, not through the other barrier), then a few chosen spread
 * along each barrier, arterials first (the river ~1 per 6 km, at least 3; the railway ~1 per
 * 8 km, at least 2).
 */

/** Widest angle between a bridge/underpass and the barrier's normal. */
const MAX_CROSSING_ANGLE_RAD = (35 * Math.PI) / 180;

/** Options of {@link candidateCrossings}. */
export interface CandidateOptions {
  cutEnds: readonly CutEnd[];
  barriers: BarrierLines;
}

/**
 * Lists the candidate crossings: river first, then rail, each in arc order.
 *
 * @param {CandidateOptions} options the cut ends and the barrier lines
 * @returns {Crossing[]} candidates with their priority (2–3 same arterial, 1 one arterial, 0 none)
 * @example
 * const candidates = candidateCrossings({ cutEnds, barriers });
 */
export function candidateCrossings({ cutEnds, barriers }: CandidateOptions): Crossing[] {
  const candidates: Crossing[] = [];
  for (const barrier of ['river', 'rail'] as const) {
    const { halfWidthM } = barriers[barrier];
    const other = barrier === 'river' ? barriers.rail : barriers.river;
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
  return candidates;
}

/** Options of {@link chooseCrossings}. */
export interface ChooseOptions {
  candidates: readonly Crossing[];
  cutEnds: readonly CutEnd[];
}

/**
 * Chooses crossings in equal bins along each barrier (the best per bin: priority, then nearest
 * the bin's middle), then fills empty bins with the free candidate farthest from the chosen.
 *
 * @param {ChooseOptions} options the candidates and the cut ends (for each barrier's extent)
 * @returns {{ chosen: Crossing[]; usedEnds: Set<number> }} the crossings and the cut-end keys they use
 * @example
 * const { chosen, usedEnds } = chooseCrossings({ candidates, cutEnds });
 */
export function chooseCrossings({ candidates, cutEnds }: ChooseOptions): { chosen: Crossing[]; usedEnds: Set<number> } {
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
  return { chosen, usedEnds };
}
