// vt-pbf 3 ships no types; this covers the one function lifecircle calls.
declare module 'vt-pbf' {
  /** A geojson-vt tile (its `getTile` result): features with integer tile coordinates and `tags`. */
  interface GeojsonVtTileLike {
    features: ReadonlyArray<unknown>;
  }

  /**
   * Encodes geojson-vt tiles as one Mapbox Vector Tile (protobuf), one layer per key.
   * @param layers layer name → geojson-vt tile
   * @param options spec version (default 1; we pass 2) and the tile extent used by geojson-vt (default 4096)
   */
  export function fromGeojsonVt(
    layers: Record<string, GeojsonVtTileLike>,
    options?: { version?: number; extent?: number },
  ): Uint8Array;

  const vtpbf: { fromGeojsonVt: typeof fromGeojsonVt };
  export default vtpbf;
}
