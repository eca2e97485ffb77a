/** OpenAPI of `GET /api/summary`, spread into the document by openapi.ts. */

type Schema = Record<string, unknown>;

export const SUMMARY_PATHS: Record<string, Schema> = {
  '/summary': {
    get: {
      tags: ['Coverage'], summary: 'The city in a few numbers: communities, population, facilities per type (what the map shows at open)', operationId: 'getSummary', 'x-role': 'public',
      responses: {
        200: {
          description: 'Counts over the item lists: every community and every facility row (any status); facilities_by_type has every catalogue type (0 when none). ETag by data version; a repeat with If-None-Match answers 304.',
          content: { 'application/json': { schema: {
            type: 'object', required: ['data_version', 'communities', 'population', 'facilities', 'facilities_by_type'],
            properties: {
              data_version: { type: 'string' },
              communities: { type: 'integer', minimum: 0 },
              population: { type: 'number', minimum: 0 },
              facilities: { type: 'integer', minimum: 0 },
              facilities_by_type: { type: 'object', additionalProperties: { type: 'integer', minimum: 0 } },
            },
          } } },
        },
        304: { description: 'Not modified (If-None-Match holds the current ETag).' },
      },
    },
  },
};
