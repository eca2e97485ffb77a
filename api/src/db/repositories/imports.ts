import { bulkInsert, runQuery, type Querier } from '../sql-files.ts';

/**
 * The staging tables of an import (`sql/queries/import_*.sql`): rows are staged in temporary tables of
 * the import's transaction, checked there against the stored city, counted, and upserted by code. Every
 * function runs in the caller's transaction (the staging tables live only there).
 */

/** Rows staged per statement. */
export const STAGE_BATCH = 2000;

/** Upsert order: referenced tables first (a districts file may carry its streets). */
const WRITE_ORDER = [
  ['facility_type', 'upsert_facility_types'],
  ['district', 'upsert_districts'],
  ['street', 'upsert_streets'],
  ['community', 'upsert_communities'],
  ['building', 'upsert_buildings'],
  ['facility', 'upsert_facilities'],
] as const;

/** What `importReceipt` knows of an import committed under an Idempotency-Key. */
export interface ImportReceipt {
  /** 'import', or the item write that used the key. */
  action: string;
  collection: string;
  code: string;
  committed_at: string;
  records: number;
  inserted: number;
  updated: number;
}

/** The committed write of `actor` under `key`, if any (an import, or an item write when `action` says so). */
export async function findImportReceipt(q: Querier, actor: string, key: string): Promise<ImportReceipt | undefined> {
  const [receipt] = await runQuery<ImportReceipt>(q, 'import_receipt', [actor, key]);
  return receipt;
}

/**
 * Sets the transaction's own statement and idle limits (`import_deadline.sql`, `ms` as text).
 * @returns the backend's pid and start time, to cancel its running statement from elsewhere
 */
export async function limitImportTransaction(tx: Querier, ms: string): Promise<{ pid: number; started: string } | undefined> {
  const [self] = await runQuery<{ pid: number; started: string }>(tx, 'import_deadline', [ms]);
  return self;
}

/** Cancels the statement the backend `pid` (started at `started`) is running (from another connection). */
export async function cancelImportStatement(q: Querier, pid: number, started: string): Promise<void> {
  await runQuery(q, 'import_cancel', [pid, started]);
}

/** Creates the staging and assignment tables. */
export async function createImportStage(tx: Querier): Promise<void> {
  await runQuery(tx, 'import_stage_create');
  await runQuery(tx, 'import_assignment_create');
}

/** Stages a batch of validated rows ({ idx, target, code, generated, rec, lon/lat | geom }). */
export function stageImportRows(tx: Querier, batch: readonly object[]): Promise<number> {
  return bulkInsert(tx, 'import_stage_rows', batch, { batchSize: STAGE_BATCH });
}

/** Drops generated codes that clash, indexes and analyses the staged rows for the checks. */
export async function prepareImportStage(tx: Querier): Promise<void> {
  await runQuery(tx, 'import_stage_dedupe_generated');
  await runQuery(tx, 'import_stage_index');
  await runQuery(tx, 'import_stage_analyze');
}

/** Staged rows whose code an earlier row has. */
export function stagedDuplicateCodes(tx: Querier): Promise<Array<{ idx: number; code: string; first_idx: number }>> {
  return runQuery(tx, 'import_check_duplicates');
}

/** Staged references (street, district, community, type) that neither the city nor the file holds. */
export function stagedUnresolvedReferences(tx: Querier): Promise<Array<{ idx: number; field: string; value: string; refers_to: string }>> {
  return runQuery(tx, 'import_check_references');
}

/** Staged geometries PostGIS finds invalid, with its reason. */
export function stagedInvalidGeometries(tx: Querier): Promise<Array<{ idx: number; reason: string }>> {
  return runQuery(tx, 'import_check_geometry');
}

/** Staged communities overlapping another (staged or stored) by more than `toleranceM2`. */
export function stagedCommunityOverlaps(tx: Querier, toleranceM2: number): Promise<Array<{ idx: number; other_idx: number | null; other_code: string; area_m2: number }>> {
  return runQuery(tx, 'import_check_overlaps', [toleranceM2]);
}

/** Gives staged buildings without a community_code the community covering them. */
export async function assignStagedBuildings(tx: Querier): Promise<void> {
  await runQuery(tx, 'import_assign_buildings');
}

/** Staged buildings in no community: the first `limit`, each with the total count. */
export function unassignedStagedBuildings(tx: Querier, limit: number): Promise<Array<{ idx: number; total: number }>> {
  return runQuery(tx, 'import_unassigned_buildings', [limit]);
}

/** Staged records per target table, and how many of them exist already. */
export function stagedCounts(tx: Querier): Promise<Array<{ target: string; total: number; existing: number }>> {
  return runQuery(tx, 'import_counts');
}

/** One audit_log entry per staged record (the first carries the Idempotency-Key). */
export async function auditStagedImport(tx: Querier, actor: string, idempotencyKey: string | null): Promise<void> {
  await runQuery(tx, 'import_audit', [actor, idempotencyKey]);
}

/** Upserts the staged records of each of `tables`, referenced tables first; `between` runs before each statement. */
export async function writeStagedRecords(tx: Querier, tables: ReadonlySet<string>, between: () => void = () => {}): Promise<void> {
  for (const [table, query] of WRITE_ORDER) {
    between();
    if (tables.has(table)) await runQuery(tx, query);
  }
}
