// Reads an XLSX without the library that wrote it (exceljs): fflate unzips the container and the
// sheet XML is read by hand, shared strings resolved, numbers as numbers.
import { strFromU8, unzipSync } from 'fflate';

export type Cells = Array<Array<string | number | null>>;

/** Sheet names in workbook order. */
export function sheetNames(bytes: Uint8Array): string[] {
  const files = unzipSync(bytes);
  return [...strFromU8(files['xl/workbook.xml']!).matchAll(/<sheet [^>]*name="([^"]*)"/g)].map((m) => unescapeXml(m[1]!));
}

function unescapeXml(t: string): string {
  return t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Cells of sheet `index` (1-based, as the file names them), row by row. */
export function readSheet(bytes: Uint8Array, index = 1): Cells {
  const files = unzipSync(bytes);
  const xml = (name: string) => strFromU8(files[name]!);
  const shared = files['xl/sharedStrings.xml']
    ? [...xml('xl/sharedStrings.xml').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => unescapeXml([...m[1]!.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join('')))
    : [];
  const colIndex = (ref: string) => [...ref.replace(/\d+/g, '')].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return [...xml(`xl/worksheets/sheet${index}.xml`).matchAll(/<row[^>]*>([\s\S]*?)<\/row>/g)].map((row) => {
    const cells: Array<string | number | null> = [];
    for (const c of row[1]!.matchAll(/<c r="([A-Z]+\d+)"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const [, ref, attrs, inner] = c;
      const v = inner?.match(/<v>([\s\S]*?)<\/v>/)?.[1];
      const inline = inner?.match(/<t[^>]*>([\s\S]*?)<\/t>/)?.[1];
      const type = attrs!.match(/t="(\w+)"/)?.[1];
      cells[colIndex(ref!)] = v === undefined ? (inline !== undefined ? unescapeXml(inline) : null) : type === 's' ? shared[Number(v)]! : type === 'str' || type === 'inlineStr' ? unescapeXml(v) : Number(v);
    }
    return Array.from({ length: cells.length }, (_, i) => cells[i] ?? null);
  });
}
