import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { Db } from './connect.ts';
import { BackupError, dumpDatabase, type BackupRecord, type BackupTrailer } from './backup.ts';

/**
 * A backup file: gzip'd JSON lines (a header, row batches, a trailer with row counts and digests). Written
 * to `<file>.partial` and renamed when complete, so a file under the final name is always whole.
 */
export async function writeBackupFile(db: Db, file: string, options: { onProgress?: (message: string) => void } = {}): Promise<BackupTrailer> {
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(partial, { mode: 0o600 });
  gzip.pipe(out);
  try {
    const trailer = await dumpDatabase(
      db,
      async (record) => {
        if (!gzip.write(`${JSON.stringify(record)}\n`)) await once(gzip, 'drain');
      },
      options,
    );
    gzip.end();
    await finished(out);
    await rename(partial, file);
    return trailer;
  } catch (err) {
    gzip.destroy();
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  }
}

/** The records of a backup file, parsed as they stream. */
export async function* readBackupFile(file: string): AsyncGenerator<BackupRecord> {
  // pipe() does not forward errors: a missing or unreadable file must end the gunzip stream, not hang it.
  const raw = createReadStream(file);
  const input = createGunzip();
  raw.on('error', (err) => input.destroy(err));
  raw.pipe(input);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n += 1;
      if (line.length === 0) continue;
      let record: BackupRecord;
      try {
        record = JSON.parse(line) as BackupRecord;
      } catch {
        throw new BackupError(`${file}: line ${n} is not JSON (the file is damaged)`);
      }
      yield record;
    }
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupError(`${file}: cannot be read as a lifecircle backup (${(err as Error).message})`);
  }
}
