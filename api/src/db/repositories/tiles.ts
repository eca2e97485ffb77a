import type { CollectionDef } from '../../schema/collections.ts';
import { runQuery, type Querier } from '../sql-files.ts';

/** Collections whose tiles PostGIS can cut (ST_AsMVT), each with its SQL file in sql/queries/. */
export const POSTGIS_TILE_QUERIES: Readonly<Record<string, string>> = {
  communities: 'tile_communities',
  buildings: 'tile_buildings',
  facilities: 'tile_facilities',
};

/** Coverage figures of one community, joined onto its tile feature. */
export interface TileCoverageRow {
  code: string;
  rate: number | null;
  households_covered: number | null;
  population_covered: number | null;
  elderly_covered: number | null;
}

/**
 * One vector tile of a collection cut by PostGIS (ST_AsMVTGeom + ST_AsMVT, && on the tile envelope):
 * the MVT bytes (layer = collection id), or null when no feature touches the tile, and the data version
 * of the statement's snapshot (one statement: shapes and version agree without a transaction).
 *
 * @param q pool or transaction (the caller's snapshot)
 * @param collection a key of POSTGIS_TILE_QUERIES (never user input unchecked)
 * @param coverage communities only: figures to join by code (undefined = none)
 */
export async function readPostgisTile(
  q: Querier,
  collection: string,
  tile: { z: number; x: number; y: number; extent: number; buffer: number },
  coverage?: readonly TileCoverageRow[],
): Promise<{ version: string; data: Uint8Array | null }> {
  // Input validation
  const name = POSTGIS_TILE_QUERIES[collection];
  if (!name) throw new Error(`PostGIS does not cut ${collection} tiles`);
  if (coverage && collection !== 'communities') throw new Error('coverage figures go on communities tiles only');

  const params: unknown[] = [tile.z, tile.x, tile.y, tile.extent, tile.buffer];
  // The parameter's type is jsonb (`$6::jsonb`), so postgres.js serialises the array itself.
  if (collection === 'communities') params.push(coverage ?? null);
  const [row] = await runQuery<{ mvt: Uint8Array | null; version: string | null }>(q, name, params as never[]);
  const mvt = row?.mvt;
  return {
    version: row?.version ?? '0',
    data: mvt && mvt.byteLength > 0 ? new Uint8Array(mvt.buffer, mvt.byteOffset, mvt.byteLength) : null,
  };
}

/** Codes of the communities a communities tile may carry (their boxes meet the tile plus buffer). */
export async function tileCommunityCodes(q: Querier, tile: { z: number; x: number; y: number; extent: number; buffer: number }): Promise<string[]> {
  const rows = await runQuery<{ code: string }>(q, 'tile_community_codes', [tile.z, tile.x, tile.y, tile.extent, tile.buffer]);
  return rows.map((r) => r.code);
}

/** West, south, east, north of a collection's geometries (ST_Extent), or null when there are none. */
export async function readLayerBounds(q: Querier, def: CollectionDef): Promise<[number, number, number, number] | null> {
  if (!def.geometryType) throw new Error(`collection ${def.id} has no geometry`);
  // The table name comes from the collection registry (sql(name) escapes it), never from a request.
  const [row] = await q<Array<{ w: number | null; s: number | null; e: number | null; n: number | null }>>`
    SELECT ST_XMin(x) AS w, ST_YMin(x) AS s, ST_XMax(x) AS e, ST_YMax(x) AS n
    FROM (SELECT ST_Extent(geom) AS x FROM ${q(def.source)}) t`;
  if (!row || row.w === null || row.s === null || row.e === null || row.n === null) return null;
  return [row.w, row.s, row.e, row.n];
}
