declare module 'geojson-polygon-self-intersections' {
  import type { Feature, Polygon } from 'geojson';
  /** Self-intersections of a polygon's rings (R-tree of segments); `filter` maps each crossing to what is returned. */
  export default function selfIntersections<T>(
    feature: Feature<Polygon>,
    filter?: (point: number[], ...rest: unknown[]) => T,
    options?: boolean | { useSpatialIndex?: boolean; epsilon?: number; reportVertexOnVertex?: boolean; reportVertexOnEdge?: boolean },
  ): T[];
}
