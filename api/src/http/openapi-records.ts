import { z } from 'zod';
import { WRITABLE, type WritableCollection } from '../services/write-schemas.ts';

type Schema = Record<string, unknown>;

/** `facility-types` → `FacilityTypesRecord`. */
const componentName = (id: string): string => `${id.split('-').map((p) => p[0]!.toUpperCase() + p.slice(1)).join('')}Record`;

function geometrySchema(w: WritableCollection): Schema {
  if (w.geometry === null) return { nullable: true, enum: [null], description: 'no geometry: send null' };
  const types = w.geometry === 'Point' ? ['Point'] : ['Polygon', 'MultiPolygon'];
  return {
    type: 'object', required: ['type', 'coordinates'], nullable: w.geometryOptional,
    properties: { type: { type: 'string', enum: types }, coordinates: { type: 'array' } },
    description: `GeoJSON ${types.join(' or ')} in WGS 84${w.geometryOptional ? '; null: derived from the units inside' : ''}`,
  };
}

/**
 * The request body of a write to each editable collection, generated from its write schema (zod →
 * OpenAPI 3.0), so the document says exactly what the server checks.
 */
export const RECORD_SCHEMAS: Readonly<Record<string, Schema>> = Object.fromEntries(
  WRITABLE.map((w) => [
    componentName(w.id),
    {
      type: 'object', required: ['type', 'properties'],
      description: `A ${w.id} record as a GeoJSON Feature (POST, PUT, and each feature of an import)`,
      properties: {
        type: { type: 'string', enum: ['Feature'] },
        geometry: geometrySchema(w),
        properties: z.toJSONSchema(w.schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }),
      },
    },
  ]),
);

/** One of the record schemas: the body of POST/PUT /collections/{collectionId}/items. */
export const RECORD_BODY: Schema = { oneOf: WRITABLE.map((w) => ({ $ref: `#/components/schemas/${componentName(w.id)}` })) };

/**
 * The body of PATCH /collections/{collectionId}/items/{featureId}: a JSON merge patch of the
 * record's properties (the write schema's fields, none required; null removes an optional one; the
 * merged record is checked as a whole) and/or a new geometry.
 */
export const RECORD_PATCH_BODY: Schema = {
  oneOf: WRITABLE.map((w) => {
    const { required: _required, ...properties } = z.toJSONSchema(w.schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Schema;
    return {
      type: 'object', additionalProperties: false,
      description: `A patch of a ${w.id} record`,
      properties: { properties: { ...properties, description: 'fields to change (merge patch: null removes an optional field)' }, geometry: geometrySchema(w) },
    };
  }),
};

/** A GeoJSON import: a FeatureCollection of one collection's records (POST /imports?collection=…). */
export const IMPORT_BODY: Schema = {
  type: 'object', required: ['type', 'features'],
  properties: { type: { type: 'string', enum: ['FeatureCollection'] }, features: { type: 'array', items: RECORD_BODY } },
};
