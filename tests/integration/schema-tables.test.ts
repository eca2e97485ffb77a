// The entity schemas (api/src/schema) and the typed kysely Database (api/src/db/database.ts) against
// the migrated tables: columns, types and nullability from information_schema, on both backends.
// The migrations are the storage truth; a new column fails here until the schema says it too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import { DATABASE_COLUMNS } from '../../api/src/db/database.ts';
import { ENTITIES } from '../../api/src/schema/index.ts';
import { columnsOf, type ColumnType } from '../../api/src/schema/fields.ts';
import { openTestDb, testBackends } from '../helpers/db.ts';

interface DbColumn {
  table_name: string;
  column_name: string;
  data_type: string;
  udt_name: string;
  is_nullable: 'YES' | 'NO';
}

/** Columns the entity record leaves out on purpose: the row version the editing triggers keep (the ETag). */
const BOOKKEEPING = ['version'];
/** Relations PostGIS creates in `public`, not ours. */
const POSTGIS = ['spatial_ref_sys', 'geometry_columns', 'geography_columns'];

const SQL_TYPE: Record<ColumnType, string> = {
  text: 'text',
  integer: 'integer',
  'double precision': 'double precision',
  date: 'date',
  boolean: 'boolean',
  jsonb: 'jsonb',
};

describe.each(testBackends())('entity schemas and the Database type against the migrated tables on %s', (backend) => {
  let db: Db;
  let columns: DbColumn[];
  beforeAll(async () => {
    db = await openTestDb(backend);
    columns = await db.sql<DbColumn[]>`
      SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_nullable
      FROM information_schema.columns c
      WHERE c.table_schema = 'public'
      ORDER BY c.table_name, c.ordinal_position`;
  });
  afterAll(async () => {
    await db?.close();
  });

  const of = (table: string) => columns.filter((c) => c.table_name === table);

  it.each(ENTITIES.map((e) => [e.table, e] as const))('%s: the schema has every column, with its type and nullability', async (table, entity) => {
    const stored = of(table);
    expect(stored.length).toBeGreaterThan(0);
    const fromSchema = columnsOf(entity).map((c) => ({ name: c.name, type: SQL_TYPE[c.type], nullable: c.nullable }));
    if (entity.geometry) fromSchema.push({ name: 'geom', type: 'geometry', nullable: entity.geometry.nullable });
    const fromTable = stored
      .filter((c) => !BOOKKEEPING.includes(c.column_name))
      .map((c) => ({ name: c.column_name, type: c.data_type === 'USER-DEFINED' ? c.udt_name : c.data_type, nullable: c.is_nullable === 'YES' }));
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(fromSchema.sort(byName)).toEqual(fromTable.sort(byName));
  });

  it.each(ENTITIES.filter((e) => e.geometry).map((e) => [e.table, e] as const))('%s: the geometry column has the stored type and SRID 4326', async (table, entity) => {
    const [g] = await db.sql<{ type: string; srid: number }[]>`
      SELECT type, srid FROM geometry_columns WHERE f_table_schema = 'public' AND f_table_name = ${table} AND f_geometry_column = 'geom'`;
    expect(g).toEqual({ type: entity.geometry!.stored.toUpperCase(), srid: 4326 });
  });

  it('the typed Database lists every relation and every column, no more', async () => {
    const tables = new Map<string, string[]>();
    for (const c of columns) {
      if (POSTGIS.includes(c.table_name)) continue;
      tables.set(c.table_name, [...(tables.get(c.table_name) ?? []), c.column_name]);
    }
    const declared = Object.fromEntries(Object.entries(DATABASE_COLUMNS).map(([t, cols]) => [t, [...cols].sort()]));
    const actual = Object.fromEntries([...tables].map(([t, cols]) => [t, cols.sort()]));
    expect(declared).toEqual(actual);
  });

  it('a schema that disagrees with its table is caught (the comparison can fail)', () => {
    const facility = ENTITIES.find((e) => e.table === 'facility')!;
    const beds = columnsOf(facility).find((c) => c.name === 'beds')!;
    const stored = of('facility').find((c) => c.column_name === 'beds')!;
    expect(SQL_TYPE[beds.type]).toBe(stored.data_type);
    expect(SQL_TYPE[beds.type]).not.toBe(of('facility').find((c) => c.column_name === 'floor_area_m2')!.data_type);
    expect(beds.nullable).toBe(true);
    expect(columnsOf(facility).find((c) => c.name === 'name')!.nullable).toBe(false);
  });
});
