import type { z } from 'zod';
import type { GeometryKind } from '../domain/validation/geometry-faults.ts';
import { building } from '../schema/building.ts';
import { community, elderlyWithinPopulation } from '../schema/community.ts';
import { district } from '../schema/district.ts';
import { facilityType } from '../schema/facility-type.ts';
import { closesAfterOpening, facility } from '../schema/facility.ts';
import type { Entity } from '../schema/fields.ts';
import { street } from '../schema/street.ts';

/**
 * What a write (edit or import) to each collection may contain: the property schema (field names are
 * the collection's own columns) and the geometry kind. One source for editing and importing, derived
 * from the entity schemas in api/src/schema.
 */
export interface WritableCollection {
  id: string;
  table: Entity['table'];
  /** Full record schema (POST/PUT/import; PATCH validates the merged record). */
  schema: z.ZodObject;
  /** null: no geometry (facility types). */
  geometry: GeometryKind | null;
  /** Geometry may be absent/null (then derived, for streets and districts). */
  geometryOptional: boolean;
}

/**
 * An entity's write schema: the record, strict, where a column that may be NULL may also be left out,
 * free properties are optional, and `alsoOptional` fields may be left out (the service fills them).
 */
function writable(id: string, entity: Entity, alsoOptional: readonly string[] = []): WritableCollection {
  const shape = entity.record.shape;
  const optional = Object.keys(shape).filter((k) => k === 'properties' || alsoOptional.includes(k) || (shape[k] as z.ZodType).safeParse(null).success);
  return {
    id,
    table: entity.table,
    schema: entity.record.partial(Object.fromEntries(optional.map((k) => [k, true]))).strict(),
    geometry: entity.geometry?.write ?? null,
    geometryOptional: entity.geometry?.nullable ?? true,
  };
}

function refined(w: WritableCollection, rule: { check: (value: never) => boolean; issue: { path: string[]; message: string } }): WritableCollection {
  return { ...w, schema: w.schema.refine(rule.check as (value: unknown) => boolean, rule.issue) };
}

export const WRITABLE: readonly WritableCollection[] = [
  writable('districts', district),
  writable('streets', street),
  refined(writable('communities', community), elderlyWithinPopulation),
  // A building without a code gets one from the service.
  writable('buildings', building, ['code']),
  refined(writable('facilities', facility), closesAfterOpening),
  writable('facility-types', facilityType),
];

export function findWritable(id: string): WritableCollection | undefined {
  return WRITABLE.find((w) => w.id === id);
}
