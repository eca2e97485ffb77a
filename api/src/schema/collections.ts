/** The feature collections lifecircle publishes (OGC API – Features), and the table or view behind each. */
export interface CollectionDef {
  id: string;
  title: string;
  description: string;
  /** Table or view read for items; never from user input. */
  source: 'district_shape' | 'street_shape' | 'community' | 'building' | 'facility' | 'facility_type';
  /** Stable feature id column. */
  idColumn: 'code';
  /** Properties published, in order, with their JSON type for the schema and CSV. */
  properties: Record<string, 'string' | 'integer' | 'number' | 'date' | 'boolean' | 'object'>;
  geometryType: 'MultiPolygon' | 'Point' | null;
}

export const COLLECTIONS: readonly CollectionDef[] = [
  {
    id: 'districts',
    title: 'Districts and counties (区/县)',
    description: 'Top-level administrative units. Shapes are imported or derived from their communities.',
    source: 'district_shape',
    idColumn: 'code',
    properties: { code: 'string', name: 'string', kind: 'string', geom_derived: 'boolean' },
    geometryType: 'MultiPolygon',
  },
  {
    id: 'streets',
    title: 'Streets and townships (街道/乡镇)',
    description: 'Sub-district units. Shapes are imported or derived from their communities.',
    source: 'street_shape',
    idColumn: 'code',
    properties: { code: 'string', name: 'string', kind: 'string', district_code: 'string', geom_derived: 'boolean' },
    geometryType: 'MultiPolygon',
  },
  {
    id: 'communities',
    title: 'Communities (社区)',
    description: 'Residents\' committee areas with households, population and elderly.',
    source: 'community',
    idColumn: 'code',
    properties: { code: 'string', name: 'string', street_code: 'string', households: 'integer', population: 'integer', elderly: 'integer' },
    geometryType: 'MultiPolygon',
  },
  {
    id: 'buildings',
    title: 'Residential buildings',
    description: 'Residential building points carrying households (the demand of coverage).',
    source: 'building',
    idColumn: 'code',
    properties: { code: 'string', community_code: 'string', households: 'integer' },
    geometryType: 'Point',
  },
  {
    id: 'facilities',
    title: 'Facilities',
    description: 'Community service facilities of every catalogue type, with status and dates.',
    source: 'facility',
    idColumn: 'code',
    properties: {
      code: 'string', name: 'string', type: 'string', status: 'string', opened_on: 'date', closed_on: 'date',
      floor_area_m2: 'number', site_area_m2: 'number', beds: 'integer', gp_count: 'integer', grade: 'string',
      service_items: 'integer', properties: 'object',
    },
    geometryType: 'Point',
  },
  {
    id: 'facility-types',
    title: 'Facility types',
    description: 'The facility-type catalogue: level, default reach in metres and the standard it comes from.',
    source: 'facility_type',
    idColumn: 'code',
    properties: { code: 'string', name_zh: 'string', name_en: 'string', level: 'string', reach_m: 'number', standard: 'string' },
    geometryType: null,
  },
];

export function findCollection(id: string): CollectionDef | undefined {
  return COLLECTIONS.find((c) => c.id === id);
}
