import { randomBytes } from 'node:crypto';
import type { Feature, Geometry } from 'geojson';
import type { Db } from '../db/connect.ts';
import type { Queryable } from '../db/queryable.ts';
import { ApiError } from '../errors.ts';
import { geometryFaults } from '../domain/validation/geometry-faults.ts';
import { InputError } from './errors.ts';
import { findWritable, WRITABLE, type WritableCollection } from './write-schemas.ts';
import { findAuditByIdempotencyKey, recordAudit, type AuditEntry } from '../db/repositories/audit.ts';
import {
  assignBuildingCommunity, deleteFeature, insertFeature, invalidGeometryReason, readFeature, updateFeature, type FeatureRow, type FeatureTable,
} from '../db/repositories/features.ts';
import { lockCommunityShapes, overlapsOfCommunity } from '../db/repositories/community-shapes.ts';
import { OVERLAP_TOLERANCE_M2 } from './imports.ts';
import { fieldPath } from '../domain/validation/field-path.ts';

/** A write that cannot happen as asked: no such record, a conflict, a stale or missing If-Match. */
export class EditConflict extends ApiError {
  override name = 'EditConflict';
  constructor(
    kind: 'not_found' | 'conflict' | 'precondition_failed' | 'precondition_required',
    message: string,
    readonly field?: string,
    readonly currentVersion?: number,
  ) {
    super(kind, message, {
      ...(field ? { field } : {}),
      ...(currentVersion !== undefined ? { current_etag: `"${currentVersion}"` } : {}),
    });
  }
}

/** A record as editing reads it: the feature and its row version (the ETag). */
export type StoredRecord = FeatureRow;

export interface EditInput {
  geometry?: unknown;
  properties?: unknown;
}

function writableOr404(collectionId: string): WritableCollection {
  const w = findWritable(collectionId);
  if (!w) throw new EditConflict('not_found', `collection ${JSON.stringify(collectionId)} cannot be edited; editable: ${WRITABLE.map((x) => x.id).join(', ')}`, 'collectionId');
  return w;
}

/** Validates a record against the collection's schema and geometry kind; throws InputError naming the field. */
export function validateRecord(w: WritableCollection, input: EditInput): { values: Record<string, unknown>; geometry: Geometry | null } {
  if (input.properties === null || typeof input.properties !== 'object' || Array.isArray(input.properties)) {
    throw new InputError('properties', 'must be an object of the collection\'s fields');
  }
  const parsed = w.schema.safeParse(input.properties);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(fieldPath(['properties', ...issue.path]), issue.message);
  }
  let geometry: Geometry | null = null;
  if (w.geometry === null) {
    if (input.geometry !== undefined && input.geometry !== null) throw new InputError('geometry', `${w.id} have no geometry: send null`);
  } else if (input.geometry === undefined || input.geometry === null) {
    if (!w.geometryOptional) throw new InputError('geometry', `is required: a ${w.geometry === 'Point' ? 'Point' : 'Polygon or MultiPolygon'}`);
  } else {
    const faults = geometryFaults(input.geometry, w.geometry);
    if (faults[0]?.limit !== undefined) throw new ApiError('payload_too_large', `geometry: ${faults[0].reason}`, { field: 'geometry', limit: faults[0].limit });
    if (faults.length > 0) throw new InputError(`geometry${faults[0]!.path ? `.${faults[0]!.path}` : ''}`, faults[0]!.reason);
    geometry = input.geometry as Geometry;
  }
  return { values: parsed.data as Record<string, unknown>, geometry };
}

/** The table of a writable collection, as the features repository takes it. */
function tableOf(w: WritableCollection): FeatureTable {
  return { table: w.table, columns: Object.keys(w.schema.shape), geometry: w.geometry };
}

/** Maps a PostgreSQL constraint error to the field at fault, or rethrows. */
function mapDbError(err: unknown, w: WritableCollection, action: 'write' | 'delete'): never {
  const e = err as { code?: string; constraint_name?: string; detail?: string };
  const constraint = e.constraint_name ?? '';
  const field = constraint.replace(new RegExp(`^${w.table}_`), '').replace(/_(fkey|check|pkey|key)$/, '').replace(/^geom$/, 'geometry') || 'properties';
  if (e.code === '23503' || e.code === '23001') {
    if (action === 'delete') throw new EditConflict('conflict', `cannot delete: other records still refer to it (${e.detail ?? constraint})`);
    throw new InputError(`properties.${field}`, `refers to a record that does not exist (${e.detail ?? constraint})`);
  }
  if (e.code === '23505' && constraint === 'audit_log_idempotency_idx') throw new EditConflict('conflict', 'a write with this Idempotency-Key is already under way or done; ask again to learn its outcome', 'Idempotency-Key');
  if (e.code === '23505') throw new EditConflict('conflict', `a record with this ${field} already exists`, `properties.${field}`);
  if (e.code === '23514') throw new InputError(field === 'geometry' ? 'geometry' : `properties.${field}`, `violates the rule ${constraint}`);
  if (e.code === '22P02' || e.code === '22007' || e.code === '22008') throw new InputError('properties', 'a value has the wrong type');
  throw err;
}

/**
 * Create, replace, patch and delete records of the editable collections, with optimistic concurrency
 * (row versions, checked against If-Match) and an audit entry per write, each in one transaction.
 */
export class EditService {
  constructor(private readonly db: Db) {}

  #read(trx: Queryable, w: WritableCollection, code: string, lock: boolean): Promise<StoredRecord | undefined> {
    return readFeature(trx, tableOf(w), code, { lock });
  }

  /** The current record and its version (the ETag), or undefined. */
  async get(collectionId: string, code: string): Promise<StoredRecord | undefined> {
    const w = findWritable(collectionId);
    return w ? this.#read(this.db.kysely, w, code, false) : undefined;
  }

  async #audit(trx: Queryable, actor: string, action: AuditEntry['action'], w: WritableCollection, code: string, before: Feature<Geometry | null> | null, after: Feature<Geometry | null> | null, idempotencyKey?: string) {
    // The Idempotency-Key is stored with the audit entry, in the write's transaction: committed together or not at all.
    await recordAudit(trx, { actor, action, collection: w.id, code, before, after, idempotencyKey: idempotencyKey ?? null });
  }

  /** The committed write this caller sent with `key`, if any (its audit entry): how a retry after a 503 learns the outcome. */
  async outcomeOf(actor: string, key: string): Promise<{ action: string; collection: string; code: string; after: Feature<Geometry | null> | null } | undefined> {
    const entry = await findAuditByIdempotencyKey(this.db.kysely, actor, key);
    return entry && { ...entry, after: (entry.after ?? null) as Feature<Geometry | null> | null };
  }

  /** A written polygon must be valid (GEOS) and communities must not overlap (the rule imports keep), checked on the written row under the community-shapes lock. */
  async #checkShape(trx: Queryable, w: WritableCollection, code: string): Promise<void> {
    if (w.geometry === 'Polygon') {
      // Validity beyond self-intersection (rings crossing each other, holes outside) by GEOS, in the database process.
      const reason = await invalidGeometryReason(trx, tableOf(w), code);
      if (reason !== undefined) throw new InputError('geometry', `the polygon is not valid: ${reason}`);
    }
    if (w.table !== 'community') return;
    const [worst] = await overlapsOfCommunity(trx, code, OVERLAP_TOLERANCE_M2);
    if (worst) throw new EditConflict('conflict', `the geometry overlaps community ${worst.code} by ${worst.area_m2.toFixed(1)} m² (communities must not overlap; up to ${OVERLAP_TOLERANCE_M2} m² is tolerated)`, 'geometry');
  }

  async create(collectionId: string, input: EditInput, actor: string, idempotencyKey?: string): Promise<StoredRecord> {
    const w = writableOr404(collectionId);
    const { values, geometry } = validateRecord(w, input);
    if (w.table === 'building' && !values.code) values.code = `B${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
    const code = values.code as string;
    try {
      return await this.db.kysely.transaction().execute(async (trx) => {
        if (w.table === 'community') await lockCommunityShapes(trx);
        if (await this.#read(trx, w, code, true)) throw new EditConflict('conflict', `${w.id} already has ${JSON.stringify(code)}; use PUT or PATCH with If-Match to change it`, 'properties.code');
        await insertFeature(trx, tableOf(w), values, geometry);
        // Buildings without a community code get the community that contains them.
        if (w.table === 'building' && values.community_code == null) await assignBuildingCommunity(trx, code);
        await this.#checkShape(trx, w, code);
        const after = (await this.#read(trx, w, code, false))!;
        await this.#audit(trx, actor, 'create', w, code, null, after.feature, idempotencyKey);
        return after;
      });
    } catch (err) {
      if (err instanceof EditConflict || err instanceof InputError) throw err;
      mapDbError(err, w, 'write');
    }
  }

  async #update(collectionId: string, code: string, ifMatch: number, actor: string, action: 'replace' | 'patch', build: (current: StoredRecord) => EditInput, idempotencyKey?: string): Promise<StoredRecord> {
    const w = writableOr404(collectionId);
    try {
      return await this.db.kysely.transaction().execute(async (trx) => {
        if (w.table === 'community') await lockCommunityShapes(trx);
        const current = await this.#read(trx, w, code, true);
        if (!current) throw new EditConflict('not_found', `${w.id} has no record ${JSON.stringify(code)}`, 'featureId');
        if (current.version !== ifMatch) {
          throw new EditConflict('precondition_failed', `the record changed since you read it (your version ${ifMatch}, current ${current.version}); reload and apply your edit again`, 'If-Match', current.version);
        }
        const { values, geometry } = validateRecord(w, build(current));
        if (values.code !== undefined && values.code !== code) throw new InputError('properties.code', `cannot change a code (${code}); create a new record instead`);
        const columns = Object.keys(w.schema.shape).filter((k) => k !== 'code');
        await updateFeature(trx, tableOf(w), code, columns, values, geometry);
        await this.#checkShape(trx, w, code);
        const after = (await this.#read(trx, w, code, false))!;
        await this.#audit(trx, actor, action, w, code, current.feature, after.feature, idempotencyKey);
        return after;
      });
    } catch (err) {
      if (err instanceof EditConflict || err instanceof InputError) throw err;
      mapDbError(err, w, 'write');
    }
  }

  /** PUT: the whole record is replaced (fields left out take their defaults). */
  replace(collectionId: string, code: string, input: EditInput, ifMatch: number, actor: string, idempotencyKey?: string): Promise<StoredRecord> {
    return this.#update(collectionId, code, ifMatch, actor, 'replace', () => ({
      geometry: input.geometry,
      properties: { code, ...(input.properties as object) },
    }), idempotencyKey);
  }

  /** PATCH (JSON merge patch on properties; geometry replaced when given): the merged record is validated. */
  patch(collectionId: string, code: string, input: EditInput, ifMatch: number, actor: string, idempotencyKey?: string): Promise<StoredRecord> {
    if (input.properties !== undefined && (input.properties === null || typeof input.properties !== 'object' || Array.isArray(input.properties))) {
      throw new InputError('properties', 'must be an object with the fields to change');
    }
    return this.#update(collectionId, code, ifMatch, actor, 'patch', (current) => {
      const merged: Record<string, unknown> = { ...(current.feature.properties as object), ...(input.properties as Record<string, unknown> | undefined) };
      for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k]; // null = back to default
      return { geometry: input.geometry === undefined ? current.feature.geometry : input.geometry, properties: merged };
    }, idempotencyKey);
  }

  async remove(collectionId: string, code: string, ifMatch: number, actor: string, idempotencyKey?: string): Promise<void> {
    const w = writableOr404(collectionId);
    try {
      await this.db.kysely.transaction().execute(async (trx) => {
        const current = await this.#read(trx, w, code, true);
        if (!current) throw new EditConflict('not_found', `${w.id} has no record ${JSON.stringify(code)}`, 'featureId');
        if (current.version !== ifMatch) throw new EditConflict('precondition_failed', `the record changed since you read it (your version ${ifMatch}, current ${current.version})`, 'If-Match', current.version);
        await deleteFeature(trx, tableOf(w), code);
        await this.#audit(trx, actor, 'delete', w, code, current.feature, null, idempotencyKey);
      });
    } catch (err) {
      if (err instanceof EditConflict || err instanceof InputError) throw err;
      mapDbError(err, w, 'delete');
    }
  }
}
