declare module 'geojson-validation' {
  /** Validates any GeoJSON object; with trace=true returns the list of faults (empty when valid). */
  export function valid(object: unknown, trace?: boolean): boolean | string[];
  export function isGeometryObject(object: unknown, trace?: boolean): boolean | string[];
  export function isFeature(object: unknown, trace?: boolean): boolean | string[];
  const gjv: { valid: typeof valid; isGeometryObject: typeof isGeometryObject; isFeature: typeof isFeature };
  export default gjv;
}
