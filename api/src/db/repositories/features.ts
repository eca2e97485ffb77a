import { sql, type RawBuilder } from 'kysely';
import type { Feature, Geometry } from 'geojson';
import type { GeometryKind } from '../../domain/validation/geometry-faults.ts';
import type { Entity } from '../../schema/fields.ts';
import { kyselyOf, type Queryable } from '../queryable.ts';

/**
 * The records of the six city tables as features, for editing: one row by code, written from the
 * values the entity's write schema checked. The table and its columns come from the entity schema
 * (api/src/schema), never from a request; the values travel as parameters.
 */

/** Which table and how its geometry is stored: the part of a writable collection a row needs. */
export interface FeatureTable {
  table: Entity['table'];
  /** The record's columns (the entity schema's keys; `properties` is the jsonb of free fields). */
  columns: readonly string[];
  /** null: no geometry column (facility types); Polygon is stored as MultiPolygon. */
  geometry: GeometryKind | null;
}

/** A row as a feature (id = code, properties = the columns and the free properties) and its row version. */
export interface FeatureRow {
  feature: Feature<Geometry | null>;
  version: number;
}

function geometryValue(t: FeatureTable, geometry: Geometry | null): RawBuilder<unknown> {
  if (!geometry) return sql`NULL`;
  const json = JSON.stringify(geometry);
  return t.geometry === 'Polygon' ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${json}), 4326))` : sql`ST_SetSRID(ST_GeomFromGeoJSON(${json}), 4326)`;
}

function columnValue(column: string, value: unknown): RawBuilder<unknown> {
  // postgres.js serialises jsonb parameters itself: pass the object, not a string.
  if (column === 'properties') return sql`${(value ?? {}) as object}::jsonb`;
  return sql`${value ?? null}`;
}

/** Record `code` of `t`, or undefined; `lock` holds its row until the caller's transaction ends. */
export async function readFeature(q: Queryable, t: FeatureTable, code: string, options: { lock?: boolean } = {}): Promise<FeatureRow | undefined> {
  const cols = t.columns.filter((k) => k !== 'properties');
  const geometry = t.geometry ? sql`ST_AsGeoJSON(geom)::json` : sql`NULL::json`;
  const { rows } = await sql<Record<string, unknown>>`
    SELECT ${sql.join(cols.map((c) => sql.ref(c)))}, properties, version, ${geometry} AS geometry
    FROM ${sql.table(t.table)} WHERE code = ${code} ${options.lock ? sql`FOR UPDATE` : sql``}`.execute(kyselyOf(q));
  const row = rows[0];
  if (!row) return undefined;
  const { version, geometry: g, ...properties } = row;
  return { version: Number(version), feature: { type: 'Feature', id: code, geometry: (g as Geometry | null) ?? null, properties } };
}

/** Inserts a record with the given column values (and geometry, when the table has one). */
export async function insertFeature(q: Queryable, t: FeatureTable, values: Record<string, unknown>, geometry: Geometry | null): Promise<void> {
  const keys = Object.keys(values);
  const cols = [...keys.map((k) => sql.ref(k)), ...(t.geometry ? [sql.ref('geom')] : [])];
  const vals = [...keys.map((k) => columnValue(k, values[k])), ...(t.geometry ? [geometryValue(t, geometry)] : [])];
  await sql`INSERT INTO ${sql.table(t.table)} (${sql.join(cols)}) VALUES (${sql.join(vals)})`.execute(kyselyOf(q));
}

/** Sets every column in `columns` of record `code` (a missing value: NULL, the column's default rule) and its geometry. */
export async function updateFeature(
  q: Queryable,
  t: FeatureTable,
  code: string,
  columns: readonly string[],
  values: Record<string, unknown>,
  geometry: Geometry | null,
): Promise<void> {
  const sets = columns.map((k) => sql`${sql.ref(k)} = ${columnValue(k, values[k])}`);
  if (t.geometry) sets.push(sql`geom = ${geometryValue(t, geometry)}`);
  await sql`UPDATE ${sql.table(t.table)} SET ${sql.join(sets)} WHERE code = ${code}`.execute(kyselyOf(q));
}

/** Deletes record `code` of `t`. */
export async function deleteFeature(q: Queryable, t: FeatureTable, code: string): Promise<void> {
  await sql`DELETE FROM ${sql.table(t.table)} WHERE code = ${code}`.execute(kyselyOf(q));
}

/** Gives building `code` the community whose shape covers it. */
export async function assignBuildingCommunity(q: Queryable, code: string): Promise<void> {
  await kyselyOf(q)
    .updateTable('building as b')
    .from('community as c')
    .set((eb) => ({ community_code: eb.ref('c.code') }))
    .where('b.code', '=', code)
    .where(sql<boolean>`ST_Covers(c.geom, b.geom)`)
    .execute();
}

/** Why the stored geometry of record `code` is not valid (GEOS), or undefined when it is (or has none). */
export async function invalidGeometryReason(q: Queryable, t: FeatureTable, code: string): Promise<string | undefined> {
  const { rows } = await sql<{ reason: string }>`
    SELECT ST_IsValidReason(geom) AS reason FROM ${sql.table(t.table)}
    WHERE code = ${code} AND geom IS NOT NULL AND NOT ST_IsValid(geom)`.execute(kyselyOf(q));
  return rows[0]?.reason;
}
