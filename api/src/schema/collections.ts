import { building } from './building.ts';
import { community } from './community.ts';
import { district } from './district.ts';
import { facilityType } from './facility-type.ts';
import { facility } from './facility.ts';
import { columnsOf, type ColumnType, type Entity } from './fields.ts';
import { street } from './street.ts';

type PropertyType = 'string' | 'integer' | 'number' | 'date' | 'boolean' | 'object';

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
  properties: Record<string, PropertyType>;
  geometryType: 'MultiPolygon' | 'Point' | null;
}

const PROPERTY_TYPE: Record<ColumnType, PropertyType> = {
  text: 'string', integer: 'integer', 'double precision': 'number', date: 'date', boolean: 'boolean', jsonb: 'object',
};

/** The published properties, in order, typed from the entity schema; `derived` are the view's own columns. */
function published(entity: Entity, names: readonly string[], derived: Record<string, PropertyType> = {}): Record<string, PropertyType> {
  const columns = new Map(columnsOf(entity).map((c) => [c.name, PROPERTY_TYPE[c.type]]));
  return Object.fromEntries([
    ...names.map((n) => {
      const type = columns.get(n);
      if (!type) throw new Error(`${entity.table} has no column ${n}`);
      return [n, type] as const;
    }),
    ...Object.entries(derived),
  ]);
}

export const COLLECTIONS: readonly CollectionDef[] = [
  {
    id: 'districts',
    title: 'Districts and counties (区/县)',
    description: 'Top-level administrative units. Shapes are imported or derived from their communities.',
    source: 'district_shape',
    idColumn: 'code',
    properties: published(district, ['code', 'name', 'kind'], { geom_derived: 'boolean' }),
    geometryType: 'MultiPolygon',
  },
  {
    id: 'streets',
    title: 'Streets and townships (街道/乡镇)',
    description: 'Sub-district units. Shapes are imported or derived from their communities.',
    source: 'street_shape',
    idColumn: 'code',
    properties: published(street, ['code', 'name', 'kind', 'district_code'], { geom_derived: 'boolean' }),
    geometryType: 'MultiPolygon',
  },
  {
    id: 'communities',
    title: 'Communities (社区)',
    description: 'Residents\' committee areas with households, population and elderly.',
    source: 'community',
    idColumn: 'code',
    properties: published(community, ['code', 'name', 'street_code', 'households', 'population', 'elderly']),
    geometryType: 'MultiPolygon',
  },
  {
    id: 'buildings',
    title: 'Residential buildings',
    description: 'Residential building points carrying households (the demand of coverage).',
    source: 'building',
    idColumn: 'code',
    properties: published(building, ['code', 'community_code', 'households']),
    geometryType: 'Point',
  },
  {
    id: 'facilities',
    title: 'Facilities',
    description: 'Community service facilities of every catalogue type, with status and dates.',
    source: 'facility',
    idColumn: 'code',
    properties: published(facility, Object.keys(facility.record.shape)),
    geometryType: 'Point',
  },
  {
    id: 'facility-types',
    title: 'Facility types',
    description: 'The facility-type catalogue: level, default reach in metres and the standard it comes from.',
    source: 'facility_type',
    idColumn: 'code',
    properties: published(facilityType, ['code', 'name_zh', 'name_en', 'level', 'reach_m', 'standard']),
    geometryType: null,
  },
];

export function findCollection(id: string): CollectionDef | undefined {
  return COLLECTIONS.find((c) => c.id === id);
}
