import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { ImportFormat } from '../domain/imports/model.ts';
import { InputError } from '../services/errors.ts';
import { checkImportOptions, importFile, IMPORT_FORMATS } from '../services/imports.ts';
import { WRITABLE } from '../services/write-schemas.ts';
import { assertReadable, print, withDatabase } from './database.ts';

const EXTENSIONS: Record<string, ImportFormat> = { '.geojson': 'geojson', '.json': 'geojson', '.csv': 'csv', '.zip': 'shapefile' };

/**
 * `lifecircle import <collection> <file> [--crs] [--dry-run] [--format] [--encoding]`: the report as JSON on
 * stdout, progress on stderr; exit 0 when imported (or a clean dry run), 1 when rejected, 2 on bad usage.
 */
export function addImportCommand(program: Command): void {
  program
    .command('import')
    .description('import a GeoJSON, CSV or zipped Shapefile into a collection, all or nothing; prints the validation report')
    .argument('<collection>', `target: ${WRITABLE.map((w) => w.id).join(', ')}`)
    .argument('<file>', 'the file (.geojson/.json, .csv, .zip with .shp/.dbf/.prj)')
    .option('-c, --crs <crs>', 'CRS of the coordinates: EPSG:4326 (default), EPSG:4490, gcj02 (Amap), bd09 (Baidu), EPSG:n; default: the file\'s .prj or crs member')
    .option('-n, --dry-run', 'validate and count only; write nothing')
    .addOption(new Option('-f, --format <format>', 'file format (default: from the extension)').choices([...IMPORT_FORMATS]))
    .option('-e, --encoding <encoding>', 'text encoding of a CSV (utf-8, gbk, gb18030…)', 'utf-8')
    .action(async (collection: string, file: string, opts: { crs?: string; dryRun?: boolean; format?: ImportFormat; encoding: string }) => {
      const format = opts.format ?? EXTENSIONS[path.extname(file).toLowerCase()];
      if (!format) throw new InputError('--format', `cannot tell the format of ${JSON.stringify(file)} from its extension; pass --format ${IMPORT_FORMATS.join('|')}`);
      checkImportOptions({ collection, format, crs: opts.crs, encoding: opts.encoding });
      await assertReadable(file);
      await withDatabase(async (db, log) => {
        const started = Date.now();
        const report = await importFile(db, {
          collection, format, path: file, crs: opts.crs, dryRun: opts.dryRun ?? false, encoding: opts.encoding, actor: `cli:${os.userInfo().username}`,
          onProgress: ({ phase, rows }) => {
            const seconds = (Date.now() - started) / 1000;
            log.info({ phase, rows, rows_per_second: seconds > 0 ? Math.round(rows / seconds) : undefined }, `import: ${phase}, ${rows} rows`);
          },
        });
        print(report);
        if (report.error_count > 0) process.exitCode = 1;
      }, { initialise: true });
    });
}
