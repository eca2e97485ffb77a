import { z } from 'zod';
import type { GeometryKind } from '../domain/validation/geometry-faults.ts';
import { isIsoDate } from './dates.ts';

/**
 * What a write (edit or import) to each collection may contain: the property schema (field names are
 * the collection's own columns) and the geometry kind. One source for editing and importing.
 */
export interface WritableCollection {
  id: string;
  table: 'district' | 'street' | 'community' | 'building' | 'facility' | 'facility_type';
  /** Full record schema (POST/PUT/import; PATCH validates the merged record). */
  schema: z.ZodObject;
  /** null: no geometry (facility types). */
  geometry: GeometryKind | null;
  /** Geometry may be absent/null (then derived, for streets and districts). */
  geometryOptional: boolean;
}

const code = z.string().trim().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - only, 1–64 characters');
const name = z.string().trim().min(1, 'must not be empty').max(200);
const count = z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must not be negative');
const measure = z.number({ error: 'must be a number' }).min(0, 'must not be negative').finite();
const date = z.string().refine(isIsoDate, 'must be a date YYYY-MM-DD');
const extra = z.record(z.string(), z.unknown());

export const WRITABLE: readonly WritableCollection[] = [
  {
    id: 'districts', table: 'district', geometry: 'Polygon', geometryOptional: true,
    schema: z.object({ code, name, kind: z.enum(['district', 'county']), properties: extra.optional() }).strict(),
  },
  {
    id: 'streets', table: 'street', geometry: 'Polygon', geometryOptional: true,
    schema: z.object({ code, name, kind: z.enum(['street', 'township']), district_code: code, properties: extra.optional() }).strict(),
  },
  {
    id: 'communities', table: 'community', geometry: 'Polygon', geometryOptional: false,
    schema: z.object({ code, name, street_code: code, households: count, population: count, elderly: count.default(0), properties: extra.optional() })
      .strict()
      .refine((c) => c.elderly <= c.population, { path: ['elderly'], message: 'must not exceed population' }),
  },
  {
    id: 'buildings', table: 'building', geometry: 'Point', geometryOptional: false,
    schema: z.object({ code: code.optional(), community_code: code.nullable().optional(), households: count, properties: extra.optional() }).strict(),
  },
  {
    id: 'facilities', table: 'facility', geometry: 'Point', geometryOptional: false,
    schema: z.object({
      code, name, type: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a facility-type code'),
      status: z.enum(['open', 'planned', 'closed']).default('open'),
      opened_on: date.nullable().optional(), closed_on: date.nullable().optional(),
      floor_area_m2: measure.nullable().optional(), site_area_m2: measure.nullable().optional(),
      beds: count.nullable().optional(), gp_count: count.nullable().optional(),
      grade: z.string().max(20).nullable().optional(), service_items: count.nullable().optional(),
      properties: extra.optional(),
    }).strict().refine((f) => !f.opened_on || !f.closed_on || f.closed_on > f.opened_on, { path: ['closed_on'], message: 'must be after opened_on' }),
  },
  {
    id: 'facility-types', table: 'facility_type', geometry: null, geometryOptional: true,
    schema: z.object({
      code: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower-case letters, digits and _, starting with a letter'),
      name_zh: name, name_en: name, level: z.enum(['district', 'street', 'community']),
      reach_m: z.number().positive('must be > 0').max(100_000, 'must be ≤ 100000 m'), standard: name.max(1000),
      properties: extra.optional(),
    }).strict(),
  },
];

export function findWritable(id: string): WritableCollection | undefined {
  return WRITABLE.find((w) => w.id === id);
}
