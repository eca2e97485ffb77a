import { unzip, type Unzipped, type UnzipOptions } from 'fflate';
import * as shapefile from 'shapefile';
import { ImportFileError, type ImportRow, type ReaderItem } from './model.ts';

/**
 * Most the files read from a zip (.shp, .dbf, .prj, .cpg) may inflate to: a guard against zip bombs and
 * the memory one import takes. 256 MiB holds a city's buildings many times over (130 000 buildings: ~15 MB).
 */
export const MAX_UNZIPPED_BYTES = 256 * 1024 ** 2;

/** fflate's asynchronous unzip inflates in worker threads: a large archive never blocks the event loop. @private */
function unzipOffThread(zip: Uint8Array, options: UnzipOptions): Promise<Unzipped> {
  return new Promise((resolve, reject) => unzip(zip, options, (err, files) => (err ? reject(err) : resolve(files))));
}

/** Code pages named in .cpg files (or dBASE language-driver ids) → WHATWG encoding labels. @private */
const CODE_PAGES: Record<string, string> = { '936': 'gbk', '54936': 'gb18030', '950': 'big5', '65001': 'utf-8', '1252': 'windows-1252', 'utf8': 'utf-8' };
/** dBASE language-driver ids (byte 29 of a .dbf) for Chinese code pages. @private */
const LANGUAGE_DRIVERS: Record<number, string> = { 0x4d: 'gbk', 0x7a: 'gbk', 0x4f: 'big5', 0x78: 'big5' };

function encodingOf(cpg: string | undefined, dbf: Uint8Array): string {
  if (cpg !== undefined) {
    const label = cpg.trim().toLowerCase().replace(/^(cp|ansi\s*|windows-)(?=\d)/, '');
    const encoding = CODE_PAGES[label] ?? label;
    try {
      return new TextDecoder(encoding).encoding;
    } catch {
      throw new ImportFileError('.cpg', `the .cpg names an unknown encoding ${JSON.stringify(cpg.trim())}`);
    }
  }
  return LANGUAGE_DRIVERS[dbf[29] ?? 0] ?? 'utf-8';
}

/**
 * Reads a zipped Shapefile (.shp + .dbf, with .prj and .cpg when present) record by record. The `.prj`
 * is yielded first as a `crs` item (WKT); `.cpg` (or the dBASE language driver) gives the text encoding,
 * UTF-8 by default, GBK for Chinese code pages. DBF field names (cut to 10 characters) are given as they are.
 *
 * @param {Uint8Array} zip the bytes of the .zip
 * @returns {AsyncGenerator<ReaderItem>} the `crs` item (when there is a .prj), then one `row` per record
 * @throws {ImportFileError} when the bytes are no zip, or it holds no shapefile or several
 * @example
 * for await (const item of readShapefileZip(await readFile('communities.zip'))) …
 */
export async function* readShapefileZip(zip: Uint8Array): AsyncGenerator<ReaderItem> {
  // Input validation
  let files: Record<string, Uint8Array>;
  let inflated = 0;
  const tooLarge = () => new ImportFileError('body', `the zip inflates to more than ${MAX_UNZIPPED_BYTES} bytes (${MAX_UNZIPPED_BYTES / 1024 ** 2} MiB), the limit for an import`);
  try {
    files = await unzipOffThread(zip, {
      filter: (f) => {
        if (!/\.(shp|dbf|prj|cpg)$/i.test(f.name) || /(^|\/)(__MACOSX|\.)/.test(f.name)) return false;
        inflated += f.originalSize;
        if (inflated > MAX_UNZIPPED_BYTES) throw tooLarge();
        return true;
      },
    });
    // The sizes in the zip's directory may lie: count what was really inflated too.
    if (Object.values(files).reduce((n, b) => n + b.byteLength, 0) > MAX_UNZIPPED_BYTES) throw tooLarge();
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError('body', `the file is not a readable zip archive (${(err as Error).message})`);
  }
  const names = Object.keys(files);
  const shps = names.filter((n) => /\.shp$/i.test(n));
  if (shps.length === 0) throw new ImportFileError('body', `the zip holds no .shp file (it has: ${names.join(', ') || 'nothing we read'})`);
  if (shps.length > 1) throw new ImportFileError('body', `the zip holds ${shps.length} shapefiles (${shps.join(', ')}); import one per request`);
  const stem = shps[0]!.slice(0, -4);
  const sibling = (ext: string) => {
    const name = names.find((n) => n.slice(0, -4) === stem && n.slice(-4).toLowerCase() === ext);
    return name ? files[name] : undefined;
  };
  const dbf = sibling('.dbf');
  if (!dbf) throw new ImportFileError('body', `the zip has ${shps[0]} but no ${stem}.dbf with its attributes`);
  const prj = sibling('.prj');
  const cpg = sibling('.cpg');
  const encoding = encodingOf(cpg ? new TextDecoder().decode(cpg) : undefined, dbf);

  if (prj) yield { kind: 'crs', crs: new TextDecoder().decode(prj).trim(), field: '.prj' };
  let source: shapefile.Source;
  try {
    source = await shapefile.open(files[shps[0]!]!, dbf, { encoding });
  } catch (err) {
    throw new ImportFileError('body', `the shapefile cannot be read: ${(err as Error).message}`);
  }
  for (let index = 0; ; index += 1) {
    let next: Awaited<ReturnType<shapefile.Source['read']>>;
    try {
      next = await source.read();
    } catch (err) {
      throw new ImportFileError('body', `the shapefile is damaged at record ${index}: ${(err as Error).message}`);
    }
    if (next.done) return;
    const base = `records[${index}]`;
    const row: ImportRow = {
      index,
      properties: { ...next.value.properties },
      geometry: next.value.geometry,
      propertiesPath: base,
      geometryPath: `${base}.geometry`,
    };
    yield { kind: 'row', row };
  }
}
