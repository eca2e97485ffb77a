/**
 * The one way a validation path becomes a field name in an error: keys joined by dots, array indices
 * in brackets (`changes[2].lon`, `properties.beds`). Zod issues, import rows and profiles all use it.
 */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}
