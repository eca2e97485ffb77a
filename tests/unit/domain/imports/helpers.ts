import { Readable } from 'node:stream';
import type { ImportRow, ReaderItem } from '../../../../api/src/domain/imports/model.ts';

/** The bytes of `text` as a stream of `size`-byte chunks (splitting tokens and UTF-8 characters). */
export function chunked(text: string | Uint8Array, size = 7): Readable {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

export async function collect(items: AsyncIterable<ReaderItem>): Promise<{ rows: ImportRow[]; crs: string[] }> {
  const rows: ImportRow[] = [];
  const crs: string[] = [];
  for await (const item of items) {
    if (item.kind === 'row') rows.push(item.row);
    else crs.push(item.crs);
  }
  return { rows, crs };
}
