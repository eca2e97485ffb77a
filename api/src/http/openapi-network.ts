/** OpenAPI of the walking network: the `mode` parameter and the network paths, spread into the document by openapi.ts. */

type Schema = Record<string, unknown>;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});
const q = (name: string, description: string, schema: Schema, required = false) => ({ name, in: 'query', required, description, schema });

/** `mode=straight|walk` on the coverage, gaps, evaluation and accessibility paths. */
export const MODE_QUERY = q(
  'mode',
  'straight: geodesic distance (default); walk: walking distance on the street network (building and facility each snapped to the nearest walkable edge, snap legs counted; beyond the snap limit a building is unreachable and reported).',
  { type: 'string', enum: ['straight', 'walk'], default: 'straight' },
);

export const NETWORK_PATHS: Record<string, Schema> = {
  '/coverage/reach': {
    get: {
      tags: ['Coverage'], summary: 'Reach areas of the counted facilities: walking isochrones or geodesic circles, for the map', operationId: 'getCoverageReach', 'x-role': 'public',
      parameters: [
        q('type', 'Facility type code, or several separated by commas.', { type: 'string', example: 'health_station' }, true),
        q('reach_m', 'Reach in metres: one for all types or one per type. Default: each type\'s catalogue reach.', { type: 'string', example: '300' }),
        q('as_of', 'Evaluation date (YYYY-MM-DD). Default: today in Asia/Shanghai.', { type: 'string', format: 'date' }),
        MODE_QUERY,
        q('width_m', 'walk: half-width of the band drawn around the reached streets, metres (10–200).', { type: 'number', default: 50, minimum: 10, maximum: 200 }),
        q('scenario', 'Answer for this scenario instead of the baseline.', { type: 'integer', minimum: 1 }),
      ],
      responses: {
        200: { description: 'GeoJSON FeatureCollection, one (Multi)Polygon per facility: { facility_code, facility_name, type, mode, reach_m, width_m, street_m, snap_m } (geometry null when the facility is beyond the snap limit)', content: { 'application/geo+json': {} } },
        400: errorResponse('Invalid parameter'),
      },
    },
  },
  '/network': {
    get: {
      tags: ['Network'], summary: 'The walking network: size, connected components, isolated pieces, snap limit, and the state of the stored noded tables', operationId: 'getNetwork', 'x-role': 'public',
      responses: { 200: { description: '{ connectivity: { nodes, edges, length_m, components, main, isolated, skipped_lines }, max_snap_m, snap_to, unreachable_buildings, stored, attribution }' } },
    },
  },
};
