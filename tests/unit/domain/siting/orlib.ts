import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { SitingProblem } from '../../../../api/src/domain/siting/index.ts';

const DIR = path.join(import.meta.dirname, '../../../fixtures/siting/orlib');
/** All 40 instances, in the shared validation folder beside the checkout. */
export const SHARED_ORLIB_DIR = path.join(import.meta.dirname, '../../../../../shared/validation/orlib_pmed');

/** The published optimum of an OR-Library instance, from pmedopt.txt. */
export function publishedOptimum(name: string, dir = DIR): number {
  const line = readFileSync(path.join(dir, 'pmedopt.txt'), 'utf8').split('\n').find((l) => l.trim().split(/\s+/)[0] === name);
  if (!line) throw new Error(`${name} is not in pmedopt.txt`);
  return Number(line.trim().split(/\s+/)[1]);
}

/**
 * An OR-Library p-median instance as a dense siting problem: Floyd–Warshall shortest paths over the
 * undirected graph (the last occurrence of a repeated edge counts), every vertex a demand point of
 * weight 1 and a candidate site.
 */
export function orlibProblem(name: string, dir = DIR): { problem: SitingProblem; p: number; dist: Float64Array[] } {
  const lines = readFileSync(path.join(dir, `${name}.txt`), 'utf8').trim().split('\n');
  const [n, , p] = lines[0]!.trim().split(/\s+/).map(Number) as [number, number, number];
  const dist = Array.from({ length: n }, (_, i) => {
    const row = new Float64Array(n).fill(Infinity);
    row[i] = 0;
    return row;
  });
  for (const line of lines.slice(1)) {
    const [a, b, c] = line.trim().split(/\s+/).map(Number) as [number, number, number];
    dist[a - 1]![b - 1] = c;
    dist[b - 1]![a - 1] = c;
  }
  for (let k = 0; k < n; k++) {
    const dk = dist[k]!;
    for (let i = 0; i < n; i++) {
      const di = dist[i]!;
      const dik = di[k]!;
      if (dik === Infinity) continue;
      for (let j = 0; j < n; j++) if (dik + dk[j]! < di[j]!) di[j] = dik + dk[j]!;
    }
  }
  const ids = Array.from({ length: n }, (_, i) => String(i + 1));
  const siteStart = Uint32Array.from({ length: n + 1 }, (_, j) => j * n);
  const demandIndex = new Uint32Array(n * n);
  const cost = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      demandIndex[j * n + i] = i;
      cost[j * n + i] = dist[i]![j]!;
    }
  }
  return { problem: { demandIds: ids, weights: new Float64Array(n).fill(1), siteIds: ids, siteStart, demandIndex, cost }, p, dist };
}
