/**
 * CSV formula injection (OWASP): a spreadsheet runs a cell that starts with = + - @, a tab or a carriage
 * return as a formula (`=HYPERLINK(…)` in a facility name). Such text cells get a leading apostrophe,
 * which spreadsheets show as text; numbers are not touched.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** csv-stringify's `cast` option applying neutraliseCell to every string cell. */
export const SAFE_CSV_CAST = { string: (value: string): string => neutraliseCell(value) } as const;
