/** What a write's geometry must be: a Point, or a Polygon (MultiPolygon accepted) for areas. */
export type GeometryKind = 'Point' | 'Polygon';
