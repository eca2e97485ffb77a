import { z } from 'zod';

/**
 * The schema an OpenAPI 3.0 document gives a response (`paths[path][method].responses[status]`, JSON),
 * its `#/components/schemas/…` references inlined, as a zod schema (zod's own JSON Schema reader in
 * its openapi-3.0 mode: nullable, oneOf, enum, additionalProperties): what a test checks a live
 * answer against, so the answer and its documentation cannot drift apart unnoticed.
 */
export function documentedResponse(doc: unknown, path: string, method: string, status: number): z.ZodType {
  const d = doc as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>; components: { schemas: Record<string, unknown> } };
  const schema = d.paths[path]?.[method]?.responses[String(status)]?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`the document gives no JSON schema for ${method.toUpperCase()} ${path} ${status}`);
  const inline = (node: unknown, seen: string[]): unknown => {
    if (Array.isArray(node)) return node.map((n) => inline(n, seen));
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      const name = ref.replace('#/components/schemas/', '');
      if (seen.includes(name)) throw new Error(`recursive schema ${name}`);
      const target = d.components.schemas[name];
      if (!target) throw new Error(`unresolved reference ${ref}`);
      return inline(target, [...seen, name]);
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, inline(v, seen)]));
  };
  return z.fromJSONSchema(inline(schema, []) as never, { defaultTarget: 'openapi-3.0' });
}
