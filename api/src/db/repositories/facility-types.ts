import type { Selectable } from 'kysely';
import type { FacilityTypeTable } from '../database.ts';
import { kyselyOf, type Queryable } from '../queryable.ts';

/** What coverage and the reports show of a catalogue entry. */
export type FacilityTypeSummary = Pick<Selectable<FacilityTypeTable>, 'code' | 'name_zh' | 'name_en' | 'level' | 'reach_m'>;

/** The catalogue (`facility_type`), by code. */
export async function listFacilityTypes(q: Queryable): Promise<FacilityTypeSummary[]> {
  return kyselyOf(q).selectFrom('facility_type').select(['code', 'name_zh', 'name_en', 'level', 'reach_m']).orderBy('code').execute();
}

/** The catalogue's type codes, sorted. */
export async function listFacilityTypeCodes(q: Queryable): Promise<string[]> {
  const rows = await kyselyOf(q).selectFrom('facility_type').select('code').orderBy('code').execute();
  return rows.map((r) => r.code);
}
