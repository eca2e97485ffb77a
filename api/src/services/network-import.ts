/**
 * `lifecircle network import`: street lines from an OpenStreetMap extract (XML or PBF, read with
 * osm-read) or a GeoJSON file of lines into `network_edge`, then the noded tables rebuilt and a
 * connectivity report. One transaction: on any error nothing is written.
 */
import { createReadStream } from 'node:fs';
import type { Feature, FeatureCollection, LineString, MultiLineString } from 'geojson';
import type { Db } from '../db/connect.ts';
import { deleteNetworkLines } from '../db/repositories/network.ts';
import { bulkInsert, type Querier } from '../db/sql-files.ts';
import { ImportFileError } from '../domain/imports/model.ts';
import { readGeoJson } from '../domain/imports/read-geojson.ts';
import type { ConnectivityReport } from '../domain/network/connectivity.ts';
import { addCrossingVertices } from '../domain/network/crossings.ts';
import { osmWalkingLines } from '../domain/network/osm-lines.ts';
import { walkabilityOf } from '../domain/network/walkability.ts';
import { InputError } from './errors.ts';
import { rebuildNetworkTables } from './network-store.ts';
import { osmFormatOf, readOsmFile } from './osm-file.ts';
import { deleteAppState, getAppState, setAppState } from '../db/repositories/app-state.ts';

export const NETWORK_FORMATS = ['osm', 'pbf', 'geojson'] as const;
export type NetworkFormat = (typeof NETWORK_FORMATS)[number];

const OSM_ATTRIBUTION = '© OpenStreetMap contributors (ODbL 1.0, https://www.openstreetmap.org/copyright)';

export interface NetworkImportOptions {
  path: string;
  format?: NetworkFormat | undefined;
  /** Replace every stored line (default), or add to them. */
  replace?: boolean;
  /** GeoJSON: add vertices where lines cross and join near-miss ends (default true). */
  nodeCrossings?: boolean;
  /** OSM: cut lines at walls and campus outlines except at gates (default true). */
  walls?: boolean;
  onProgress?: (message: string) => void;
}

export interface NetworkImportReport {
  file: string;
  format: NetworkFormat;
  lines: number;
  walkable: number;
  not_walkable: number;
  kinds: Record<string, { walkable: number; notWalkable: number }>;
  replaced: boolean;
  /** GeoJSON: vertices added at crossings and ends joined; OSM: wall crossings cut and let through at gates. */
  noding: Record<string, number>;
  connectivity: ConnectivityReport;
  attribution: string | null;
  seconds: number;
}

/** The format of a network file from its name: .osm/.xml(.gz) → osm, .pbf → pbf, .geojson/.json → geojson. */
export function networkFormatOf(file: string): NetworkFormat | null {
  const osm = osmFormatOf(file);
  if (osm) return osm === 'pbf' ? 'pbf' : 'osm';
  return /\.(geo)?json$/i.test(file) ? 'geojson' : null;
}

type Line = Feature<LineString, { kind: string; name: string | null; walkable: boolean; [k: string]: unknown }>;

/** Lines of a GeoJSON file (LineStrings and MultiLineStrings; walkability from `walkable` or an OSM-style `highway`). */
async function geojsonLines(file: string): Promise<Line[]> {
  const lines: Line[] = [];
  try {
    for await (const item of readGeoJson(createReadStream(file))) {
      if (item.kind === 'crs') {
        if (!/4326|CRS84/i.test(item.crs)) throw new InputError(item.field, `network lines must be WGS 84 lon/lat (EPSG:4326), got ${item.crs}`);
        continue;
      }
      const { row } = item;
      if (row.fault) throw new InputError(row.fault.field, row.fault.reason);
      const g = row.geometry as { type?: string } | null;
      if (!g || (g.type !== 'LineString' && g.type !== 'MultiLineString')) throw new InputError(row.geometryPath, `must be a LineString or MultiLineString, got ${g ? String(g.type) : 'null'}`);
      const lineGeometry = g as LineString | MultiLineString;
      const p = row.properties;
      const fromTags = typeof p['highway'] === 'string' ? walkabilityOf(p as Record<string, string>) : null;
      const walkable = typeof p['walkable'] === 'boolean' ? p['walkable'] : (fromTags?.walkable ?? true);
      const kind = String(p['kind'] ?? p['highway'] ?? 'street');
      const name = typeof p['name'] === 'string' ? p['name'] : null;
      const parts = lineGeometry.type === 'LineString' ? [lineGeometry.coordinates] : lineGeometry.coordinates;
      for (const coordinates of parts) {
        for (const [i, c] of coordinates.entries()) {
          if (!(Math.abs(c[0] as number) <= 180 && Math.abs(c[1] as number) <= 90)) throw new InputError(`${row.geometryPath}.coordinates`, `vertex ${i} is not lon/lat in degrees: ${JSON.stringify(c)}`);
        }
        if (coordinates.length >= 2) {
          lines.push({ type: 'Feature', properties: { ...p, kind, name, walkable }, geometry: { type: 'LineString', coordinates } });
        }
      }
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw new InputError(err.field, err.message);
    throw err;
  }
  return lines;
}

/** Writes lines into network_edge (after emptying it when `replace`). */
async function writeLines(q: Querier, lines: readonly Line[], replace: boolean, progress: (m: string) => void): Promise<void> {
  if (replace) await deleteNetworkLines(q);
  await bulkInsert(
    q,
    'insert_network_edges',
    lines.map((l) => {
      const { kind, name, walkable, ...properties } = l.properties;
      return { kind, name, walkable, geom: l.geometry, properties };
    }),
    { onBatch: (done, total) => progress(`network lines ${done}/${total}`) },
  );
}

/** Imports a network file (see the module comment). */
export async function importNetwork(db: Db, options: NetworkImportOptions): Promise<NetworkImportReport> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => {});
  const format = options.format ?? networkFormatOf(options.path);
  if (!format) throw new InputError('--format', `cannot tell the format of ${JSON.stringify(options.path)}; pass --format ${NETWORK_FORMATS.join('|')}`);
  const replace = options.replace ?? true;

  let lines: Line[];
  let kinds: NetworkImportReport['kinds'] = {};
  let noding: Record<string, number>;
  let attribution: string | null = null;
  if (format === 'geojson') {
    progress('reading GeoJSON lines');
    const raw = await geojsonLines(options.path);
    const fc: FeatureCollection<LineString, Line['properties']> = { type: 'FeatureCollection', features: raw };
    const noded = options.nodeCrossings === false ? { lines: fc, crossings: 0, junctions: 0 } : addCrossingVertices(fc);
    lines = noded.lines.features as Line[];
    noding = { crossing_vertices: noded.crossings, joined_ends: noded.junctions };
    for (const l of lines) {
      const k = (kinds[l.properties.kind] ??= { walkable: 0, notWalkable: 0 });
      if (l.properties.walkable) k.walkable++;
      else k.notWalkable++;
    }
  } else {
    progress(`reading OpenStreetMap ${format.toUpperCase()} with osm-read`);
    const osm = await readOsmFile(options.path, format === 'pbf' ? 'pbf' : 'xml');
    const result = osmWalkingLines(osm, options.walls === false ? { walls: false } : {});
    lines = result.lines.features as Line[];
    kinds = result.kinds;
    noding = { wall_crossings_cut: result.walls.cuts, wall_crossings_at_gates: result.walls.throughGates, incomplete_ways: result.incompleteWays };
    attribution = OSM_ATTRIBUTION;
  }
  if (lines.length === 0) throw new InputError('file', 'no street lines found');

  const connectivity = await db.sql.begin(async (tx) => {
    await writeLines(tx, lines, replace, progress);
    if (attribution) await setAttribution(tx, attribution);
    const build = await rebuildNetworkTables(tx, { onProgress: progress });
    return build.report;
  });
  const walkable = lines.filter((l) => l.properties.walkable).length;
  return {
    file: options.path, format, lines: lines.length, walkable, not_walkable: lines.length - walkable, kinds, replaced: replace, noding, connectivity,
    attribution: attribution ?? (await attributionOf(db)), seconds: (Date.now() - started) / 1000,
  };
}

const ATTRIBUTION = 'data_attribution';

/** The data credit to show with the network and the map (e.g. OpenStreetMap's), or null. */
export async function attributionOf(db: Db): Promise<string | null> {
  const value = (await getAppState(db.sql, ATTRIBUTION)) as { text?: unknown } | undefined;
  return typeof value?.text === 'string' ? value.text : null;
}

/** Records the data credit (replacing any). */
export async function setAttribution(q: Querier, text: string | null): Promise<void> {
  if (text === null) await deleteAppState(q, ATTRIBUTION);
  else await setAppState(q, ATTRIBUTION, { text });
}
