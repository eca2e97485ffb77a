/**
 * Shared shapes of the import pipeline: readers yield rows, validation turns them into records and
 * report entries. No I/O here.
 */

/** One finding of the validation report. */
export interface ReportEntry {
  /** 0-based index of the row (feature, CSV data row, shapefile record) in the file; -1 for the whole file. */
  row: number;
  /** Where in the file: `features[2].geometry.coordinates[0][3]`, `rows[5].households`, `records[0].type`, `crs`. */
  field: string;
  reason: string;
  severity: 'error' | 'warning';
}

/** A row as read from a file, before any validation. */
export interface ImportRow {
  /** 0-based position in the file. */
  index: number;
  /** Attribute values by the file's own names (GeoJSON properties, CSV columns, DBF fields). */
  properties: Record<string, unknown>;
  /** The geometry in the file's CRS (GeoJSON geometry object), or null when the row has none. */
  geometry: unknown;
  /** Prefix of attribute paths in the report: `features[2].properties`, `rows[2]`, `records[2]`. */
  propertiesPath: string;
  /** Path of the geometry in the report: `features[2].geometry`, `rows[2].wkt`, `records[2].geometry`. */
  geometryPath: string;
  /** For a point given as two columns (CSV lon/lat): the report paths of each, so a fault names the right one. */
  pointFields?: { lon: string; lat: string } | undefined;
  /** What the reader could not make sense of (the row is then rejected with this). */
  fault?: { field: string; reason: string } | undefined;
}

/** What a reader yields: rows, and the CRS the file declares (a `.prj`, a GeoJSON `crs` member). */
export type ReaderItem = { kind: 'row'; row: ImportRow } | { kind: 'crs'; crs: string; field: string };

export type ImportFormat = 'geojson' | 'csv' | 'shapefile';

/** A byte source a reader consumes: a Node Readable, or any async iterable of chunks. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

/** A file that cannot be read at all (not JSON, no header, not a zip…): HTTP 400, nothing validated. */
export class ImportFileError extends Error {
  override name = 'ImportFileError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
