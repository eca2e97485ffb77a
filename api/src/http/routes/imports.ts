import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request } from 'express';
import type { Db } from '../../db/connect.ts';
import type { ImportFormat } from '../../domain/imports/model.ts';
import { checkImportOptions, importFile, importReceipt, IMPORT_FORMATS } from '../../services/imports.ts';
import { ApiError, invalidParameter } from '../../errors.ts';
import { actorOf } from '../../auth/principal.ts';
import { deadlineSettingsOf, requestDeadline } from '../request-deadline.ts';

/** Largest import body: its own limit, far above the 2 MB of JSON requests (a 130 000-building GeoJSON is ~25 MB). */
export const IMPORT_BODY_LIMIT_BYTES = 200 * 1024 * 1024;

const MEDIA_FORMATS: Record<string, ImportFormat> = {
  'application/geo+json': 'geojson',
  'application/json': 'geojson',
  'text/csv': 'csv',
  'application/zip': 'shapefile',
  'application/x-zip-compressed': 'shapefile',
};

function single(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidParameter(name, 'must be given once, as a single value');
  return value;
}

function parseDryRun(value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw invalidParameter('dry_run', `must be true or false, got ${JSON.stringify(value)}`);
}

/** The format from `format=` or the Content-Type, and the CSV charset. @private */
function formatOf(req: Request, explicit: string | undefined): { format: ImportFormat; encoding: string | undefined } {
  const contentType = req.get('Content-Type') ?? '';
  const [media = '', ...params] = contentType.split(';').map((s) => s.trim().toLowerCase());
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (explicit !== undefined) {
    if (!IMPORT_FORMATS.includes(explicit as ImportFormat)) throw invalidParameter('format', `must be one of ${IMPORT_FORMATS.join(', ')}, got ${JSON.stringify(explicit)}`);
    return { format: explicit as ImportFormat, encoding: charset };
  }
  const format = MEDIA_FORMATS[media];
  if (!format) {
    throw new ApiError('unsupported_media_type', `Content-Type must be ${Object.keys(MEDIA_FORMATS).join(', ')} (or name format=geojson|csv|shapefile), got ${JSON.stringify(contentType)}`, { field: 'Content-Type' });
  }
  return { format, encoding: charset };
}

/** Writes the request body to `file`, refusing more than the limit. @private */
async function spool(req: Request, file: string, signal: AbortSignal): Promise<number> {
  const declared = Number(req.get('Content-Length'));
  const tooLarge = () => new ApiError('payload_too_large', `an import body may be at most ${IMPORT_BODY_LIMIT_BYTES} bytes`, { field: 'body', limit: IMPORT_BODY_LIMIT_BYTES });
  if (Number.isFinite(declared) && declared > IMPORT_BODY_LIMIT_BYTES) throw tooLarge();
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(bytes > IMPORT_BODY_LIMIT_BYTES ? tooLarge() : null, chunk);
    },
  });
  try {
    // The request is read through an iterator that leaves it open when the spooling stops early (deadline,
    // limit): the rest of the body is then read and dropped, so the client, still sending, gets the answer
    // instead of a connection reset.
    await pipeline(req.iterator({ destroyOnReturn: false }), limit, createWriteStream(file), { signal });
  } catch (err) {
    if (!req.complete) req.resume();
    if (signal.aborted) throw signal.reason;
    throw err;
  }
  return bytes;
}

/**
 * `POST /imports?collection=&crs=&dry_run=&format=`: the body is the file (GeoJSON, CSV or a zipped
 * Shapefile, told by Content-Type), spooled to a temporary file and imported all or nothing.
 * 200 with the report; 422 `validation_failed` with the report in `details` when any row is at fault.
 * Mount it before the JSON body parser: it reads the raw body itself. The whole request runs under a
 * deadline (`LIFECIRCLE_IMPORT_TIMEOUT_MS`, body upload included): past it, or at server shutdown, the
 * running statement is cancelled and the transaction rolled back (503 `timeout` / `service_unavailable`).
 * `Idempotency-Key` (not on dry runs): an import that committed under the caller's key is not run again;
 * the answer says what it did (200, `Idempotent-Replayed: true`), so a client whose answer was lost learns it.
 */
export function importRoutes(db: Db): Router {
  const router = Router();
  router.post('/imports', async (req, res) => {
    const collection = single(req, 'collection');
    if (!collection) throw invalidParameter('collection', 'is required: districts, streets, communities, buildings, facilities or facility-types');
    const crs = single(req, 'crs');
    const dryRun = parseDryRun(single(req, 'dry_run'));
    const { format, encoding } = formatOf(req, single(req, 'format'));
    checkImportOptions({ collection, format, crs, encoding }); // before reading the body
    const key = req.get('idempotency-key');
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) throw invalidParameter('Idempotency-Key', 'must be 1–200 visible ASCII characters (e.g. a UUID)');
    if (key !== undefined && !dryRun) {
      const prior = await importReceipt(db, actorOf(req), key);
      if (prior) {
        req.resume(); // the body is not needed: drop it, so the client gets the answer
        if (prior.action !== 'import') {
          throw new ApiError('validation_failed', `Idempotency-Key: was used for another write (${prior.action} of ${prior.collection}/${prior.code}); use a new key for a new write`, { field: 'Idempotency-Key' });
        }
        res.set('Idempotent-Replayed', 'true');
        res.status(200).json({ collection: prior.collection, dry_run: false, written: true, replayed: true, committed_at: prior.committed_at, records: prior.records, inserted: prior.inserted, updated: prior.updated });
        return;
      }
    }

    const deadline = requestDeadline(req, res, deadlineSettingsOf(req).importTimeoutMs, 'the import');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'lifecircle-import-'));
    try {
      const file = path.join(dir, 'body');
      const bytes = await spool(req, file, deadline.signal);
      if (bytes === 0) throw new ApiError('bad_request', 'the request body is empty: send the file to import', { field: 'body' });
      const report = await importFile(db, { collection, format, path: file, crs, dryRun, encoding, actor: actorOf(req), deadline, ...(key !== undefined && !dryRun ? { idempotencyKey: key } : {}) });
      if (report.error_count > 0) {
        const first = report.errors[0]!;
        throw new ApiError('validation_failed', `${report.error_count} error${report.error_count === 1 ? '' : 's'} in ${report.rows} rows; nothing was written. First: ${first.field}: ${first.reason}`, { field: first.field, ...report });
      }
      res.status(200).json(report);
    } finally {
      deadline.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
  return router;
}
