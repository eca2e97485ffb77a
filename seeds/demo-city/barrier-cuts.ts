import { distanceMeters, type PlanePoint } from './geometry.ts';
import type { Barrier, BarrierLines, CutEnd, Piece, Segment } from './network-parts.ts';

/**
 * Cuts every network segment where it enters the river's or the railway's corridor. The free
 * pieces keep their end keys; each cut end gets a new key and remembers where along the barrier
 * it is and on which side, so the crossing step can join opposite ends with a bridge or underpass.
 */

/** Pieces of lines shorter than this after cutting are dropped. */
const MIN_PIECE_M = 5;

/** Options of {@link cutAtBarriers}. */
export interface CutOptions {
  segments: readonly Segment[];
  barriers: BarrierLines;
  /** First free node key (cut ends are numbered from here, in segment order). */
  firstKey: number;
}

/**
 * Cuts the segments.
 *
 * @param {CutOptions} options the segments, the barrier lines and the first free key
 * @returns {{ pieces: Piece[]; cutEnds: CutEnd[] }} the free pieces and the cut ends
 * @example
 * const { pieces, cutEnds } = cutAtBarriers({ segments, barriers, firstKey: 5000 });
 */
export function cutAtBarriers({ segments, barriers, firstKey }: CutOptions): { pieces: Piece[]; cutEnds: CutEnd[] } {
  const { river, rail } = barriers;
  const pieces: Piece[] = [];
  const cutEnds: CutEnd[] = [];
  let nextKey = firstKey;
  const makeCutEnd = (segment: Segment, point: PlanePoint, barrier: Barrier): number => {
    const { line, halfWidthM } = barriers[barrier];
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
      ...river.line.bufferIntervals(segment.a, segment.b, river.halfWidthM).map((i) => ({ t0: i[0], t1: i[1], barrier: 'river' as Barrier })),
      ...rail.line.bufferIntervals(segment.a, segment.b, rail.halfWidthM).map((i) => ({ t0: i[0], t1: i[1], barrier: 'rail' as Barrier })),
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
  return { pieces, cutEnds };
}
