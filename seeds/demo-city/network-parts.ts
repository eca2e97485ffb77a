import type { PlanePoint, PolylineIndex } from './geometry.ts';

/**
 * The pieces the network steps hand each other (segments → cut pieces and cut ends → crossings),
 * in one place so every step module reads the same shapes.
 */

export type Barrier = 'river' | 'rail';

/** Each barrier's centre line and the half width of its corridor. */
export type BarrierLines = Record<Barrier, { line: PolylineIndex; halfWidthM: number }>;

/** A single-segment line before cutting; keys name its end nodes. */
export interface Segment {
  a: PlanePoint;
  b: PlanePoint;
  keyA: number;
  keyB: number;
  kind: string;
  name: string | null;
  /** Index of the arterial it belongs to, -1 for none. */
  arterial: number;
}

/** A piece of a segment after cutting, with its end-node keys. */
export interface Piece {
  points: [PlanePoint, PlanePoint];
  keyA: number;
  keyB: number;
  kind: string;
  name: string | null;
}

/** Where a line was cut at a barrier corridor. */
export interface CutEnd {
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
export interface Crossing {
  a: CutEnd;
  b: CutEnd;
  barrier: Barrier;
  priority: number;
  arcM: number;
  lengthM: number;
}

/** Rank of the arterial kinds (higher wins an edge, and a crossing). */
export const KIND_RANK: Record<string, number> = { primary: 3, secondary: 2 };
