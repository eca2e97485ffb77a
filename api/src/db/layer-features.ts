import type { Feature, Geometry } from 'geojson';
import type { CollectionDef } from '../schema/collections.ts';
import type { Db } from './connect.ts';
import { readDataVersion } from './repositories/data-version.ts';

/** Every feature of a collection at one data version (for in-memory tiling). */
export interface LayerFeatures {
  /** The data version the rows were read at. */
  version: string;
  features: Feature[];
}

/**
 * Reads all features of a collection with geometry, with the listed columns as properties, in one
 * repeatable-read transaction so the rows and the data version agree even while others write.
 * Points come as ST_X/ST_Y (much cheaper to parse than GeoJSON text); other shapes as GeoJSON with
 * 7 decimals (≈ 1 cm, finer than a z22 tile unit). Rows without geometry (a street whose shape is
 * neither imported nor derivable) are skipped.
 *
 * @param db the database
 * @param def the collection: its `source` table or view and geometry type (never user input)
 * @param columns published property columns to carry (names from the collection registry)
 */
export async function readLayerFeatures(db: Db, def: CollectionDef, columns: readonly string[]): Promise<LayerFeatures> {
  // Input validation
  if (!def.geometryType) throw new Error(`collection ${def.id} has no geometry`);
  const unknown = columns.filter((c) => !(c in def.properties));
  if (unknown.length > 0) throw new Error(`not properties of ${def.id}: ${unknown.join(', ')}`);

  const isPoint = def.geometryType === 'Point';
  return db.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const version = (await readDataVersion(tx)) ?? '0';
    const geometry = isPoint ? tx`ST_X(geom) AS lon, ST_Y(geom) AS lat` : tx`ST_AsGeoJSON(geom, 7)::json AS geometry`;
    // Identifiers go through postgres.js escaping (sql(name)); they come from the registry, never from a request.
    const rows = await tx<Array<Record<string, unknown>>>`
      SELECT ${tx(columns as string[])}, ${geometry} FROM ${tx(def.source)} WHERE geom IS NOT NULL ORDER BY code`;
    const features: Feature[] = rows.map((row) => {
      const properties: Record<string, unknown> = {};
      for (const c of columns) properties[c] = row[c] ?? null;
      const geom: Geometry = isPoint
        ? { type: 'Point', coordinates: [row.lon as number, row.lat as number] }
        : (row.geometry as Geometry);
      return { type: 'Feature', geometry: geom, properties };
    });
    return { version, features };
  });
}
