import type { Querier } from '../db/sql-files.ts';
import { listFacilityTypeCodes } from '../db/repositories/facility-types.ts';
import {
  assignStagedBuildings,
  prepareImportStage,
  stagedCommunityOverlaps,
  stagedCounts,
  stagedDuplicateCodes,
  stagedInvalidGeometries,
  stagedUnresolvedReferences,
  unassignedStagedBuildings,
} from '../db/repositories/imports.ts';
import type { ImportRun } from './import-run.ts';

/** Overlaps of community polygons up to this area (slivers of digitising) are no fault. */
export const OVERLAP_TOLERANCE_M2 = 1;

/**
 * Check: the staged rows against each other and the stored city (duplicate codes, unknown references,
 * invalid geometry, overlapping communities; buildings get their community). Findings name the
 * file's own field paths.
 */
export async function checkStaged(run: ImportRun, tx: Querier): Promise<void> {
  const { report, paths } = run;
  await prepareImportStage(tx);
  const error = (row: number, field: string, reason: string) => report.add({ row, field, reason, severity: 'error' });
  for (const d of await stagedDuplicateCodes(tx)) {
    error(d.idx, paths.field(d.idx, 'code'), `duplicate code ${JSON.stringify(d.code)}: row ${d.first_idx} has it too`);
  }
  const refs = await stagedUnresolvedReferences(tx);
  let types: string[] | undefined;
  for (const r of refs) {
    if (r.refers_to === 'facility_type') {
      types ??= await listFacilityTypeCodes(tx);
      error(r.idx, paths.field(r.idx, r.field), `unknown facility type ${JSON.stringify(r.value)}; the catalogue has ${types.join(', ')}`);
    } else {
      error(r.idx, paths.field(r.idx, r.field), `${JSON.stringify(r.value)} is no ${r.refers_to} (neither stored nor in this file)`);
    }
  }
  run.stopIfCancelled();
  const invalid = await stagedInvalidGeometries(tx);
  run.stopIfCancelled();
  for (const g of invalid) error(g.idx, paths.geometry(g.idx), `PostGIS finds the geometry invalid: ${g.reason}`);
  if (run.table === 'community' && invalid.length === 0) {
    for (const o of await stagedCommunityOverlaps(tx, OVERLAP_TOLERANCE_M2)) {
      const other = o.other_idx === null ? `stored community ${o.other_code}` : `community ${o.other_code} (row ${o.other_idx})`;
      error(o.idx, paths.geometry(o.idx), `overlaps ${other} by ${Number(o.area_m2).toFixed(1)} m²`);
    }
  }
  if (run.table === 'building') {
    await assignStagedBuildings(tx);
    const unassigned = await unassignedStagedBuildings(tx, report.limit);
    for (const { idx } of unassigned) {
      report.add({ row: idx, field: paths.geometry(idx), reason: 'lies in no community: stored without a community_code', severity: 'warning' });
    }
    report.warningCount += (unassigned[0]?.total ?? 0) - unassigned.length; // counted, not listed
  }
}

/** Count: records the import would create and replace. */
export async function countStaged(tx: Querier): Promise<{ inserted: number; updated: number }> {
  const perTable = await stagedCounts(tx);
  return {
    inserted: perTable.reduce((s, t) => s + t.total - t.existing, 0),
    updated: perTable.reduce((s, t) => s + t.existing, 0),
  };
}
