import { z } from 'zod';
import { isIsoDate } from '../domain/dates.ts';
import type { GeometryKind } from '../domain/validation/geometry-kind.ts';

/**
 * The field validators every entity schema is built from. Their messages are the API's (a 400 or
 * 422 names the field and says one of these); the SQL CHECK constraints say the same for storage.
 */
export const code = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only, 1–64 characters');
export const typeCode = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _, starting with a letter');
export const name = z.string().trim().min(1, 'must not be empty').max(200);
export const count = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative');
export const measure = z.number({ error: 'must be a number' }).min(0, 'must not be negative').finite();
/** A calendar date 'YYYY-MM-DD' (a SQL `date`, which postgres.js reads back as this string). */
export const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD').meta({ format: 'date' });
/** Free properties beyond the columns (`properties jsonb`). */
export const extra = z.record(z.string(), z.unknown());

/**
 * One entity: its table, its columns as one zod object (the full record, in column order, without the
 * geometry), and its geometry column. Column types and nullability follow from the zod types (see
 * `columnsOf`); `tests/integration/schema-tables.test.ts` holds them against the migrated tables.
 */
export interface Entity<Shape extends z.ZodRawShape = z.ZodRawShape> {
  table: 'district' | 'street' | 'community' | 'building' | 'facility' | 'facility_type';
  record: z.ZodObject<Shape>;
  /** The `geom` column: stored type (PostGIS), the kind a write must send, and whether it may be NULL. */
  geometry: { stored: 'Point' | 'MultiPolygon'; write: GeometryKind; nullable: boolean } | null;
}

export type ColumnType = 'text' | 'integer' | 'double precision' | 'date' | 'boolean' | 'jsonb';

export interface Column {
  name: string;
  type: ColumnType;
  nullable: boolean;
  /** The database supplies a value when the write leaves it out (DEFAULT). */
  hasDefault: boolean;
}

/** The SQL column each field of an entity's record stands for. */
export function columnsOf(entity: Entity): Column[] {
  return Object.entries(entity.record.shape).map(([fieldName, field]) => {
    let t = field as z.ZodType;
    let nullable = false;
    let hasDefault = false;
    for (;;) {
      if (t instanceof z.ZodNullable) nullable = true;
      else if (t instanceof z.ZodDefault) hasDefault = true;
      else if (!(t instanceof z.ZodOptional)) break;
      t = (t as z.ZodNullable | z.ZodDefault | z.ZodOptional).unwrap() as z.ZodType;
    }
    return { name: fieldName, type: columnType(fieldName, t), nullable, hasDefault };
  });
}

function columnType(fieldName: string, t: z.ZodType): ColumnType {
  if (t instanceof z.ZodString) return z.globalRegistry.get(t)?.format === 'date' ? 'date' : 'text';
  if (t instanceof z.ZodEnum) return 'text';
  if (t instanceof z.ZodNumber) return t.isInt ? 'integer' : 'double precision';
  if (t instanceof z.ZodBoolean) return 'boolean';
  if (t instanceof z.ZodRecord) return 'jsonb';
  throw new Error(`${fieldName}: no column type for this zod type`);
}
