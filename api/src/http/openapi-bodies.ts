import { z } from 'zod';
import { profileSchema } from '../domain/plans/index.ts';
import { reportedBodySchema } from '../services/plans.ts';
import { acceptSchema, changeSchema, createSchema, patchSchema } from '../services/scenario-model.ts';
import { sitingSchema } from '../services/siting.ts';
import { whatIfSchema } from './routes/coverage.ts';

/**
 * Request bodies of the JSON endpoints, generated from the zod schemas the server validates them
 * with (zod → OpenAPI 3.0, as the record bodies in openapi-records.ts): the document cannot say less
 * or other than what a request is checked against. Descriptions the schemas do not carry are laid
 * over the generated properties by name.
 */

type Schema = Record<string, unknown>;

/** The OpenAPI 3.0 schema of what `schema` accepts. */
export function openApiOf(schema: z.ZodType, descriptions: Readonly<Record<string, string>> = {}, description?: string): Schema {
  const out = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'openapi-3.0' }) as Schema;
  delete out.$schema;
  const props = out.properties as Record<string, Schema> | undefined;
  for (const [name, text] of Object.entries(descriptions)) {
    if (!props?.[name]) throw new Error(`openapi: no property ${name} to describe`);
    props[name] = { ...props[name], description: text };
  }
  return description ? { ...out, description } : out;
}

const SITING_DESCRIPTIONS: Record<string, string> = {
  type: 'facility type to site',
  p: 'new sites (mclp, pmedian, pcenter)',
  target_rate: 'lscp: households coverage rate to reach',
  reach_m: "default: the type's catalogue reach",
  candidates: 'a GeoJSON FeatureCollection of points or parcels (polygons: a point on their surface), or { generate: centroids | grid | service_buildings, spacing_m }',
  forced: 'candidate ids that must be opened',
  min_spacing_m: 'no two new sites closer than this, nor closer to an open facility of the type (see min_spacing_existing)',
  min_spacing_existing: 'with min_spacing_m: keep it from open facilities of the type too',
  fairness: 'pmedian: fair siting, minimising total + fairness × Σ w·|d − mean d|',
  capacity: 'pmedian/mclp: households each candidate may serve: its property `field` or `value`, times `ratio`',
  fill_forced: 'capacitated pmedian: forced candidates filled exactly to capacity',
  max_cost_m: 'pmedian/pcenter: distances beyond this are not listed (they cost max_cost_m)',
  scenario: 'site on top of this scenario',
  mode: 'walk: costs and coverage on walking distance over the street network',
};

function describedIfPresent(schema: z.ZodType, descriptions: Record<string, string>): Schema {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  const known = shape ? Object.fromEntries(Object.entries(descriptions).filter(([k]) => k in shape)) : {};
  return openApiOf(schema, known);
}

/** Components (by name) of every generated request body. */
export const BODY_SCHEMAS: Readonly<Record<string, Schema>> = {
  PlanProfile: openApiOf(profileSchema, {}, 'A plan profile (seeds/plans/*.json): its targets, baselines and sources'),
  ReportedFigure: openApiOf(reportedBodySchema, {
    unit: 'a street, district or community code: required for a target checked per unit, refused for a city-wide one',
    measure: 'which figure, for a target with several (its measures[].key)',
  }),
  ScenarioChange: openApiOf(changeSchema, {}, 'add: a new facility at a point; move: a baseline or added facility to a point; close: one. Applied in order.'),
  ScenarioCreate: openApiOf(createSchema, { published: 'admins only' }),
  ScenarioPatch: openApiOf(patchSchema, { published: 'admins only', changes: 'the whole list, replacing the stored one' }),
  ScenarioAccept: openApiOf(acceptSchema, { job: 'a finished siting job', proposals: 'the proposals FeatureCollection as a siting result returned it', take: 'only the first n in build order' }),
  WhatIfRequest: openApiOf(whatIfSchema, {
    scenario: 'start from this scenario instead of the baseline (or ?scenario=)',
    mode: 'walk: walking distance on the street network, updated incrementally',
  }),
  SitingRequest: describedIfPresent(sitingSchema, SITING_DESCRIPTIONS),
};

/** A required JSON request body whose schema is the component `name` of {@link BODY_SCHEMAS}. */
export function jsonBody(name: keyof typeof BODY_SCHEMAS & string): Schema {
  if (!BODY_SCHEMAS[name]) throw new Error(`openapi: no body schema ${name}`);
  return { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
}
