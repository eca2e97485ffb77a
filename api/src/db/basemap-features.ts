// The offline basemap's features (#17): basemap_feature rows and the network lines, read in one
// repeatable-read transaction with the data version they belong to.
import type { Feature, Geometry } from 'geojson';
import type { Db } from './connect.ts';
import { readDataVersion } from './repositories/data-version.ts';
import { runQuery } from './sql-files.ts';

export interface BasemapFeatureProps {
  /** water | waterway | green | campus | building | rail | place (basemap_feature) or road | rail (network_edge). */
  layer: string;
  class: string;
  name: string | null;
  name_en: string | null;
}

export async function readBasemapFeatures(db: Db): Promise<{ version: string; features: Array<Feature<Geometry, BasemapFeatureProps>> }> {
  return db.sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
    const version = (await readDataVersion(tx)) ?? '0';
    const rows = await runQuery<{ key: string; layer: string; class: string | null; name: string | null; name_en: string | null; geojson: string }>(tx, 'basemap_features');
    const features = rows.map((row): Feature<Geometry, BasemapFeatureProps> => ({
      type: 'Feature',
      geometry: JSON.parse(row.geojson) as Geometry,
      properties: { layer: row.layer, class: row.class ?? '', name: row.name, name_en: row.name_en },
    }));
    return { version, features };
  });
}
