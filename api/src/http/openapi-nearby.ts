/** OpenAPI of `GET /api/nearby` ("what is near me"), spread into the document by openapi.ts. */

type Schema = Record<string, unknown>;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const q = (name: string, description: string, schema: Schema, required = false) => ({ name, in: 'query', required, description, schema });

const LINE_STRING = {
  type: 'object', nullable: true, required: ['type', 'coordinates'],
  properties: { type: { type: 'string', enum: ['LineString'] }, coordinates: { type: 'array', items: { type: 'array', items: { type: 'number' } } } },
};

export const NEARBY_PATHS: Record<string, Schema> = {
  '/nearby': {
    get: {
      tags: ['Coverage'], summary: 'What is near a point: per facility type, the nearest open facilities, straight-line and walking distance, the walk as a line', operationId: 'getNearby', 'x-role': 'public',
      parameters: [
        q('lon', 'Longitude, WGS 84 degrees.', { type: 'number', minimum: -180, maximum: 180 }, true),
        q('lat', 'Latitude, WGS 84 degrees.', { type: 'number', minimum: -90, maximum: 90 }, true),
        q('types', 'Facility type codes separated by commas. Default: every type of the catalogue.', { type: 'string', example: 'health_station,elderly_home' }),
        q('k', 'How many facilities per type, nearest (straight line) first.', { type: 'integer', minimum: 1, maximum: 10, default: 3 }),
        q('as_of', 'Date (YYYY-MM-DD): facilities open on it. Default: today in Asia/Shanghai.', { type: 'string', format: 'date' }),
        q('scenario', 'Answer for this scenario instead of the baseline.', { type: 'integer', minimum: 1 }),
      ],
      responses: {
        200: {
          description: 'distance_m: geodesic metres (as coverage); walk_m: walking metres by the walking coverage rule (snap legs counted), null where the point or the facility is off the network; within_reach: the nearest is within the type\'s reach in a straight line',
          content: { 'application/json': { schema: {
            type: 'object', required: ['lon', 'lat', 'as_of', 'types'],
            properties: {
              lon: { type: 'number' }, lat: { type: 'number' }, as_of: { type: 'string', format: 'date' },
              types: { type: 'array', items: { type: 'object', required: ['type', 'reach_m', 'within_reach', 'nearest'], properties: {
                type: { type: 'string' }, reach_m: { type: 'number' }, within_reach: { type: 'boolean' },
                nearest: { type: 'array', items: { type: 'object', required: ['code', 'name', 'distance_m', 'walk_m', 'route'], properties: {
                  code: { type: 'string' }, name: { type: 'string' }, distance_m: { type: 'number' }, walk_m: { type: 'number', nullable: true }, route: LINE_STRING,
                } } },
              } } },
            },
          } } },
        },
        400: errorResponse('Invalid parameter (names the field)'),
        404: errorResponse('Unknown scenario'),
      },
    },
  },
};
