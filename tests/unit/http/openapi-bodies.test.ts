import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../api/src/config.ts';
import { buildOpenApi } from '../../../api/src/http/openapi.ts';
import { BODY_SCHEMAS } from '../../../api/src/http/openapi-bodies.ts';
import { createSchema } from '../../../api/src/services/scenario-model.ts';
import { reportedBodySchema } from '../../../api/src/services/plans.ts';

type Schema = Record<string, unknown>;
interface Doc { paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>; components: { schemas: Record<string, Schema> } }

/** A schema that says nothing about its object: `{ type: 'object' }` with no properties, oneOf or ref. */
function isBare(s: Schema | undefined): boolean {
  return s === undefined || (s.type === 'object' && s.properties === undefined && s.oneOf === undefined && s.additionalProperties === undefined);
}

describe('OpenAPI request bodies', () => {
  const doc = buildOpenApi(loadConfig({})) as unknown as Doc;
  const bodies = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.entries(ops).flatMap(([m, op]) => Object.entries(op.requestBody?.content ?? {}).map(([type, c]) => ({ at: `${m.toUpperCase()} ${p} ${type}`, schema: c.schema as Schema | undefined }))),
  );

  it('should describe every JSON body (a component or a schema with properties), none as a bare object', () => {
    expect(bodies.length).toBeGreaterThan(10);
    const bare = bodies.filter((b) => b.at.includes('json') && isBare(b.schema)).map((b) => b.at);
    expect(bare).toEqual([]);
    for (const b of bodies) {
      const ref = b.schema?.$ref as string | undefined;
      if (ref) expect(doc.components.schemas[ref.replace('#/components/schemas/', '')], `${b.at} → ${ref}`).toBeDefined();
    }
  });

  it('should take each generated body from the zod schema the server validates with', () => {
    for (const name of Object.keys(BODY_SCHEMAS)) expect(doc.components.schemas[name]).toEqual(BODY_SCHEMAS[name]);
    const reported = doc.components.schemas.ReportedFigure as { required: string[]; properties: Record<string, unknown> };
    expect(Object.keys(reported.properties).sort()).toEqual(Object.keys(reportedBodySchema.shape).sort());
    expect(reported.required.sort()).toEqual(['author', 'date', 'source', 'value']);
    const create = doc.components.schemas.ScenarioCreate as { properties: Record<string, unknown> };
    expect(Object.keys(create.properties).sort()).toEqual(Object.keys(createSchema.shape).sort());
    // The profile body is the whole profile schema, not `{ type: 'object' }`.
    expect(Object.keys((doc.components.schemas.PlanProfile as { properties: object }).properties)).toEqual(expect.arrayContaining(['id', 'name', 'targets']));
  });
});
