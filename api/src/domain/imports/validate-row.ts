import type { Geometry, Point } from 'geojson';
import type { z } from 'zod';
import { geometryFaults, type GeometryKind } from '../validation/geometry-faults.ts';
import { buildingCode } from './building-code.ts';
import type { ImportRow, ReportEntry } from './model.ts';
import { reprojectGeometry } from './reproject-geometry.ts';
import type { Crs } from './resolve-crs.ts';
import { fieldPath } from '../validation/field-path.ts';

/** What rows of one table may hold: the same shape as the services' WRITABLE entries. */
export interface RowSpec {
  table: string;
  /** Record schema; field names are the table's columns, `properties` holds everything else. */
  schema: z.ZodObject;
  geometry: GeometryKind | null;
  geometryOptional: boolean;
}

/** Options of {@link validateRow}. */
export interface ValidateRowOptions {
  /** DBF field names are cut to 10 characters: match `FLOOR_AREA` to `floor_area_m2`. Default false. */
  truncatedNames?: boolean;
  /** Households a community usually has (plans: "一般 1 000–3 000"); outside is a warning. Default [1000, 3000]. */
  householdRange?: [number, number];
}

/** A row that passed, ready to stage, or the reasons it did not. */
export interface ValidatedRow {
  /** Table the row goes to (districts and streets files may mix both, told apart by `kind`). */
  table: string;
  /** The record's code; for a building without one, derived from its position. */
  code: string | undefined;
  codeGenerated: boolean;
  /** Parsed field values (with `properties` for the file's other fields); undefined when there are errors. */
  record: Record<string, unknown> | undefined;
  /** The geometry in WGS 84, or null. */
  geometry: Geometry | null;
  entries: ReportEntry[];
  /** File field names that are no column of the table (kept in `properties`). */
  unknownFields: string[];
  /** Column → the file's name for it (`street_code` → `STREET_COD`), to name fields in later findings. */
  fieldNames: Record<string, string>;
}

type FieldKind = 'number' | 'string' | 'other';

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly']);

/** The base kind of a zod field (through optional/nullable/default) and its enum values. @private */
function fieldInfo(t: z.ZodType): { kind: FieldKind; values?: string[] } {
  let def = (t as unknown as { _zod: { def: { type: string; innerType?: z.ZodType; entries?: Record<string, string> } } })._zod.def;
  while (WRAPPERS.has(def.type) && def.innerType) def = (def.innerType as unknown as { _zod: { def: typeof def } })._zod.def;
  if (def.type === 'number' || def.type === 'int') return { kind: 'number' };
  if (def.type === 'enum') return { kind: 'string', values: Object.values(def.entries ?? {}) };
  if (def.type === 'string') return { kind: 'string' };
  return { kind: 'other' };
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** CSV and DBF carry text and numbers loosely: "1200" for a count, 110101 for a code. @private */
function coerce(value: unknown, kind: FieldKind): unknown {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const p = (n: number) => String(n).padStart(2, '0');
    return `${value.getFullYear()}-${p(value.getMonth() + 1)}-${p(value.getDate())}`;
  }
  if (kind === 'number' && typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim());
  if (kind === 'string' && typeof value === 'number' && Number.isFinite(value)) return String(value);
  return value;
}

/** Maps the file's field names to the columns: exact, then case-insensitive, then (DBF) 10-character prefix. @private */
function columnFor(name: string, columns: readonly string[], truncated: boolean): string | undefined {
  if (columns.includes(name)) return name;
  const lower = name.toLowerCase();
  const ci = columns.find((c) => c.toLowerCase() === lower);
  if (ci) return ci;
  if (truncated && name.length === 10) {
    const prefixed = columns.filter((c) => c.toLowerCase().startsWith(lower));
    if (prefixed.length === 1) return prefixed[0];
  }
  return undefined;
}

function joinPath(base: string, sub: string): string {
  if (sub === '') return base;
  return sub.startsWith('[') ? `${base}${sub}` : `${base}.${sub}`;
}

/** The report path of a geometry fault; for CSV lon/lat points, the column the fault is about. @private */
function geometryField(row: ImportRow, faultPath: string, reason: string): string {
  if (row.pointFields) return /latitude/.test(reason) ? row.pointFields.lat : row.pointFields.lon;
  return joinPath(row.geometryPath, faultPath);
}

function maxAbsCoordinate(value: unknown): number {
  if (typeof value === 'number') return Math.abs(value);
  return Array.isArray(value) ? value.reduce((m: number, v) => Math.max(m, maxAbsCoordinate(v)), 0) : 0;
}

/**
 * Validates one imported row against its table's record schema and geometry kind, after mapping the
 * file's field names to the columns, coercing loose CSV/DBF values and converting the geometry to WGS 84.
 * Checks that need the database (unknown codes, duplicates, overlaps) come later.
 *
 * @param {ImportRow} row as read from the file
 * @param {RowSpec[]} specs the table's spec; for a districts/streets import both, the row's `kind` choosing
 * @param {Crs} crs the CRS of the row's coordinates
 * @param {ValidateRowOptions} [options={}] `truncatedNames` (DBF), `householdRange`
 * @returns {ValidatedRow} the record and geometry, or error entries; warnings either way
 * @example
 * validateRow(row, [communitiesSpec], resolveCrs('EPSG:4326'));
 * // → { table: 'community', code: 'C01', record: {…}, geometry: {…}, entries: [], unknownFields: [] }
 */
export function validateRow(row: ImportRow, specs: readonly RowSpec[], crs: Crs, options: ValidateRowOptions = {}): ValidatedRow {
  // Input validation
  if (specs.length === 0) throw new Error('validateRow: specs must not be empty');
  const [minHouseholds, maxHouseholds] = options.householdRange ?? [1000, 3000];
  const entries: ReportEntry[] = [];
  const error = (field: string, reason: string) => entries.push({ row: row.index, field, reason, severity: 'error' });
  const failed = (table: string): ValidatedRow => ({ table, code: undefined, codeGenerated: false, record: undefined, geometry: null, entries, unknownFields: [], fieldNames: {} });

  if (row.fault) {
    error(row.fault.field, row.fault.reason);
    return failed(specs[0]!.table);
  }

  // Field names → columns (the union over the specs, so `kind` can pick the spec).
  const columns = [...new Set(specs.flatMap((s) => Object.keys(s.schema.shape)))].filter((c) => c !== 'properties');
  const values: Record<string, unknown> = {};
  const sourceOf: Record<string, string> = {};
  const extra: Record<string, unknown> = {};
  const unknownFields: string[] = [];
  for (const [name, value] of Object.entries(row.properties)) {
    if (name === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      Object.assign(extra, value);
      continue;
    }
    const column = columnFor(name, columns, options.truncatedNames ?? false);
    if (!column) {
      if (value !== null && value !== undefined && value !== '') extra[name] = value instanceof Date ? coerce(value, 'string') : value;
      unknownFields.push(name);
      continue;
    }
    if (column in values) {
      error(`${row.propertiesPath}.${name}`, `names the field ${column} again (also given as ${sourceOf[column]})`);
      continue;
    }
    sourceOf[column] = name;
    if (value !== null && value !== '') values[column] = value;
    else if (value === null) values[column] = null;
  }
  if (entries.length > 0) return failed(specs[0]!.table);

  // The spec: by `kind` when several tables share the file.
  const spec = specs.find((s) => {
    const kind = s.schema.shape.kind;
    return kind !== undefined && fieldInfo(kind).values?.includes(String(values.kind));
  }) ?? specs[0]!;

  for (const [column, t] of Object.entries(spec.schema.shape)) {
    if (column in values) values[column] = coerce(values[column], fieldInfo(t).kind);
  }
  // Fields of the other spec (a street's district_code on a district row) are not columns here.
  for (const column of Object.keys(values)) {
    if (!(column in spec.schema.shape)) {
      extra[sourceOf[column] ?? column] = values[column];
      delete values[column];
    }
  }
  const parsed = spec.schema.safeParse(Object.keys(extra).length > 0 ? { ...values, properties: extra } : values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const column = fieldPath(issue.path);
      const source = sourceOf[column] ?? column;
      const missing = issue.path.length === 1 && values[String(issue.path[0])] === undefined;
      const given = missing ? '' : `, got ${JSON.stringify(values[String(issue.path[0])])}`;
      error(`${row.propertiesPath}.${source}`, missing ? 'is required' : `${issue.message}${given}`);
    }
  }

  // Geometry: converted to WGS 84 first, then judged in longitude/latitude.
  let geometry: Geometry | null = null;
  if (row.geometry === null || row.geometry === undefined) {
    if (spec.geometry && !spec.geometryOptional) error(row.geometryPath, `is required: a ${spec.geometry === 'Point' ? 'Point' : 'Polygon or MultiPolygon'} in the import's CRS`);
  } else if (!spec.geometry) {
    entries.push({ row: row.index, field: row.geometryPath, reason: 'this collection has no geometry; it was ignored', severity: 'warning' });
  } else {
    const wgs84 = reprojectGeometry(row.geometry, crs);
    const faults = geometryFaults(wgs84, spec.geometry);
    const projected = crs.identity && maxAbsCoordinate((row.geometry as { coordinates?: unknown }).coordinates) > 1000;
    for (const f of faults) {
      const hint = projected && /out of range/.test(f.reason) ? '; these look like projected metres: name the CRS (crs=EPSG:…, e.g. EPSG:4547)' : '';
      error(geometryField(row, f.path, f.reason), `${f.reason}${hint}`);
    }
    if (faults.length === 0) geometry = wgs84 as Geometry;
  }

  const record = parsed.success ? (parsed.data as Record<string, unknown>) : undefined;
  let code = typeof record?.code === 'string' ? record.code : undefined;
  let codeGenerated = false;
  if (record && code === undefined && geometry?.type === 'Point') {
    const [lon, lat] = (geometry as Point).coordinates;
    code = buildingCode(lon!, lat!);
    codeGenerated = true;
  }

  if (record && spec.table === 'community' && typeof record.households === 'number' && (record.households < minHouseholds || record.households > maxHouseholds)) {
    entries.push({
      row: row.index,
      field: `${row.propertiesPath}.${sourceOf.households ?? 'households'}`,
      reason: `${record.households} households is outside the usual ${minHouseholds}–${maxHouseholds} of a community (plans: 一般 ${minHouseholds}–${maxHouseholds} 户)`,
      severity: 'warning',
    });
  }
  const ok = !entries.some((e) => e.severity === 'error');
  return { table: spec.table, code, codeGenerated, record: ok ? record : undefined, geometry: ok ? geometry : null, entries, unknownFields, fieldNames: sourceOf };
}
