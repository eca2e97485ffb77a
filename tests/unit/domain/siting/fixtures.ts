import { readFileSync } from 'node:fs';
import path from 'node:path';

export const FIXTURES = path.join(import.meta.dirname, '../../../fixtures/siting');

/** A fixture's two CSV texts. */
export function readMatrix(name: string): { demandCsv: string; costsCsv: string } {
  return {
    demandCsv: readFileSync(path.join(FIXTURES, name, 'demand.csv'), 'utf8'),
    costsCsv: readFileSync(path.join(FIXTURES, name, 'costs.csv'), 'utf8'),
  };
}

/**
 * The same matrix read independently of the code under test (plain split: the fixtures have no
 * quoting): ids, weights and a dense site × demand cost table (Infinity = not listed).
 */
export function denseMatrix(name: string): { demandIds: string[]; weights: number[]; siteIds: string[]; cost: number[][] } {
  const { demandCsv, costsCsv } = readMatrix(name);
  const demandRows = demandCsv.trim().split('\n').slice(1).map((l) => l.split(','));
  const demandIds = demandRows.map((r) => r[0]!);
  const weights = demandRows.map((r) => Number(r[1]));
  const siteIds: string[] = [];
  const pairs = costsCsv.trim().split('\n').slice(1).map((l) => l.split(','));
  for (const [, s] of pairs) if (!siteIds.includes(s!)) siteIds.push(s!);
  const cost = siteIds.map(() => demandIds.map(() => Infinity));
  for (const [d, s, c] of pairs) cost[siteIds.indexOf(s!)]![demandIds.indexOf(d!)] = Number(c);
  return { demandIds, weights, siteIds, cost };
}
