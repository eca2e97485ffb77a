import { parse } from 'csv-parse';
import { pipeline, Readable, Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import wkx from 'wkx';
import { ImportFileError, type ByteSource, type ImportRow, type ReaderItem } from './model.ts';

/** Header names (lower-cased) read as the longitude, latitude and WKT geometry columns. */
const LON_COLUMNS = ['lon', 'lng', 'long', 'longitude', 'x', '经度'];
const LAT_COLUMNS = ['lat', 'latitude', 'y', '纬度'];
const WKT_COLUMNS = ['wkt', 'geometry', 'geom', 'the_geom', 'shape'];

/** Options of {@link readCsv}. */
export interface CsvOptions {
  /** Text encoding of the bytes (WHATWG label: utf-8, gbk, gb18030…). Default utf-8 (a BOM is dropped). */
  encoding?: string;
}

/** Where a CSV row's geometry comes from. @private */
type GeometryColumns = { kind: 'lonlat'; lon: number; lat: number; lonName: string; latName: string } | { kind: 'wkt'; column: number; name: string } | { kind: 'none' };

function findColumn(header: string[], names: readonly string[]): number {
  return header.findIndex((h) => names.includes(h.trim().toLowerCase()));
}

function geometryColumns(header: string[]): GeometryColumns {
  const lon = findColumn(header, LON_COLUMNS);
  const lat = findColumn(header, LAT_COLUMNS);
  if (lon >= 0 && lat >= 0) return { kind: 'lonlat', lon, lat, lonName: header[lon]!, latName: header[lat]! };
  if (lon >= 0 || lat >= 0) {
    const [has, lacks] = lon >= 0 ? [header[lon]!, 'a latitude column (lat, latitude, y)'] : [header[lat]!, 'a longitude column (lon, lng, longitude, x)'];
    throw new ImportFileError('header', `the header has ${JSON.stringify(has)} but no ${lacks}`);
  }
  const wkt = findColumn(header, WKT_COLUMNS);
  return wkt >= 0 ? { kind: 'wkt', column: wkt, name: header[wkt]! } : { kind: 'none' };
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Builds the geometry of one row, or the fault that stops it. @private */
function rowGeometry(values: string[], geo: GeometryColumns, base: string): { geometry: unknown; geometryPath: string; fault?: ImportRow['fault'] } {
  if (geo.kind === 'none') return { geometry: null, geometryPath: base };
  if (geo.kind === 'wkt') {
    const path = `${base}.${geo.name}`;
    const text = values[geo.column]?.trim() ?? '';
    if (text === '') return { geometry: null, geometryPath: path };
    try {
      return { geometry: wkx.Geometry.parse(text).toGeoJSON(), geometryPath: path };
    } catch (err) {
      return { geometry: null, geometryPath: path, fault: { field: path, reason: `not valid WKT (${(err as Error).message}): ${JSON.stringify(text.slice(0, 60))}` } };
    }
  }
  const lonText = values[geo.lon]?.trim() ?? '';
  const latText = values[geo.lat]?.trim() ?? '';
  const geometryPath = `${base}.${geo.lonName}`;
  if (lonText === '' && latText === '') return { geometry: null, geometryPath };
  for (const [text, name] of [[lonText, geo.lonName], [latText, geo.latName]] as const) {
    if (!DECIMAL.test(text)) return { geometry: null, geometryPath, fault: { field: `${base}.${name}`, reason: `must be a number in decimal degrees (or the CRS's unit), got ${JSON.stringify(text)}` } };
  }
  return { geometry: { type: 'Point', coordinates: [Number(lonText), Number(latText)] }, geometryPath };
}

/**
 * Reads a CSV file as a stream (csv-parse): the first line is the header; each later line is a row whose
 * columns are the record's fields. The geometry comes from longitude/latitude columns (`lon`/`lat`,
 * `lng`, `longitude`/`latitude`, `x`/`y`, `经度`/`纬度`) or a WKT column (`wkt`, `geometry`, `geom`);
 * a CSV with neither is attribute-only (districts and streets). Empty cells are absent values.
 *
 * @param {ByteSource} source the file's bytes
 * @param {CsvOptions} [options={}] `encoding` (default utf-8)
 * @returns {AsyncGenerator<ReaderItem>} one `row` item per data line; `rows[i]` is line i + 2
 * @throws {ImportFileError} for an empty file, a bad header, broken quoting or an unknown encoding
 * @example
 * for await (const item of readCsv(createReadStream('clinics.csv'), { encoding: 'gbk' })) …
 */
export async function* readCsv(source: ByteSource, options: CsvOptions = {}): AsyncGenerator<ReaderItem> {
  // Input validation
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(options.encoding ?? 'utf-8');
  } catch {
    throw new ImportFileError('encoding', `unknown text encoding ${JSON.stringify(options.encoding)}; use e.g. utf-8, gbk or gb18030`);
  }
  const decode = new Transform({
    transform(chunk: Buffer | string, _enc, done) {
      done(null, typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const records = parse({ bom: true, skip_empty_lines: true, relax_column_count: true });
  pipeline(Readable.from(source), decode, records, () => {});

  let header: string[] | undefined;
  let geo: GeometryColumns = { kind: 'none' };
  let index = 0;
  try {
    for await (const values of records as AsyncIterable<string[]>) {
      if (!header) {
        header = values.map((h) => h.trim());
        const seen = new Set<string>();
        for (const h of header) {
          if (h === '') throw new ImportFileError('header', 'every column of the header needs a name');
          if (seen.has(h)) throw new ImportFileError('header', `the header names ${JSON.stringify(h)} twice`);
          seen.add(h);
        }
        geo = geometryColumns(header);
        continue;
      }
      const base = `rows[${index}]`;
      const { geometry, geometryPath, fault } = rowGeometry(values, geo, base);
      const row: ImportRow = { index, properties: {}, geometry, propertiesPath: base, geometryPath, fault };
      if (geo.kind === 'lonlat') row.pointFields = { lon: `${base}.${geo.lonName}`, lat: `${base}.${geo.latName}` };
      if (!fault && values.length !== header.length) {
        row.fault = { field: base, reason: `has ${values.length} values but the header has ${header.length} columns` };
      }
      const skip = new Set(geo.kind === 'lonlat' ? [geo.lon, geo.lat] : geo.kind === 'wkt' ? [geo.column] : []);
      header.forEach((name, i) => {
        const value = values[i]?.trim();
        if (!skip.has(i) && value !== undefined && value !== '') row.properties[name] = value;
      });
      yield { kind: 'row', row };
      index += 1;
    }
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError('body', `the file is not readable CSV: ${(err as Error).message}`);
  } finally {
    records.destroy();
  }
  if (!header) throw new ImportFileError('body', 'the CSV file is empty: it needs a header line and rows');
}
