import { sql, type RawBuilder } from 'kysely';
import type { Feature, Geometry } from 'geojson';
import type { CollectionDef } from '../schema/collections.ts';
import type { Db } from './connect.ts';

export interface FeatureQuery {
  limit: number;
  offset: number;
  bbox?: [number, number, number, number] | undefined;
  /** Property equality filters; keys must be published properties of the collection. */
  equals?: Record<string, string>;
  /** 'wkt' puts the geometry as WKT text in `properties.wkt` (CSV export) instead of GeoJSON. */
  geometryAs?: 'geojson' | 'wkt';
}

export interface FeaturePage {
  features: Feature[];
  numberMatched: number;
}

function whereClause(def: CollectionDef, q: Pick<FeatureQuery, 'bbox' | 'equals'>): RawBuilder<unknown> {
  const conds: RawBuilder<unknown>[] = [sql`true`];
  if (q.bbox && def.geometryType) {
    const [w, s, e, n] = q.bbox;
    // && uses the GiST index; ST_Intersects drops bbox-only hits.
    conds.push(sql`geom && ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326) AND ST_Intersects(geom, ST_MakeEnvelope(${w}, ${s}, ${e}, ${n}, 4326))`);
  }
  for (const [key, value] of Object.entries(q.equals ?? {})) {
    conds.push(sql`${sql.ref(key)}::text = ${value}`);
  }
  return sql.join(conds, sql` AND `);
}

function toFeature(def: CollectionDef, row: Record<string, unknown>): Feature {
  const properties: Record<string, unknown> = {};
  for (const key of Object.keys(def.properties)) properties[key] = row[key] ?? null;
  if ('wkt' in row) properties.wkt = row.wkt;
  return {
    type: 'Feature',
    id: row[def.idColumn] as string,
    geometry: (row.geometry as Geometry | null) ?? null,
    properties,
  } as Feature;
}

function selectList(def: CollectionDef, geometryAs: 'geojson' | 'wkt' = 'geojson'): RawBuilder<unknown> {
  const cols = Object.keys(def.properties).map((k) => sql.ref(k));
  if (geometryAs === 'wkt') return sql.join([...cols, def.geometryType ? sql`ST_AsText(geom) AS wkt` : sql`NULL::text AS wkt`]);
  // 7 decimals ≈ 1 cm: enough for planning data, half the bytes of full precision.
  const geometry = def.geometryType ? sql`ST_AsGeoJSON(geom, 7)::json AS geometry` : sql`NULL::json AS geometry`;
  return sql.join([...cols, geometry]);
}

/** One page of a collection's features, ordered by id, with the total match count. */
export async function listFeatures(db: Db, def: CollectionDef, q: FeatureQuery): Promise<FeaturePage> {
  const where = whereClause(def, q);
  const table = sql.table(def.source);
  const rows = await sql<Record<string, unknown>>`
    SELECT ${selectList(def, q.geometryAs)} FROM ${table} WHERE ${where}
    ORDER BY ${sql.ref(def.idColumn)} LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db.kysely);
  const counted = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`.execute(db.kysely);
  return { features: rows.rows.map((r) => toFeature(def, r)), numberMatched: counted.rows[0]?.n ?? 0 };
}

/** One feature by id, or undefined. */
export async function getFeature(db: Db, def: CollectionDef, id: string): Promise<Feature | undefined> {
  const rows = await sql<Record<string, unknown>>`
    SELECT ${selectList(def)} FROM ${sql.table(def.source)} WHERE ${sql.ref(def.idColumn)} = ${id}`.execute(db.kysely);
  const row = rows.rows[0];
  return row ? toFeature(def, row) : undefined;
}
