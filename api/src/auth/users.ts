import type postgres from 'postgres';
import type { Db } from '../db/connect.ts';
import { InputError } from '../services/errors.ts';
import { newApiKey, parseApiKey, secretMatches } from './api-keys.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';
import { recordAudit } from '../db/repositories/audit.ts';

export type UserRole = 'planner' | 'admin';
export const USER_ROLES: readonly UserRole[] = ['planner', 'admin'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/;

/** An account as the API shows it (never the hash). */
export interface UserInfo {
  name: string;
  role: UserRole;
  disabled: boolean;
  has_password: boolean;
  created_at: string;
  updated_at: string;
}

/** An account as authentication needs it. */
export interface UserRecord {
  /** Never reused (identity column): tokens carry it. */
  id: number;
  name: string;
  role: UserRole;
  disabled: boolean;
  tokenEpoch: number;
  passwordHash: string | null;
}

export interface ApiKeyInfo {
  id: string;
  user: string;
  label: string;
  created_at: string;
  revoked_at: string | null;
}

type Tx = postgres.TransactionSql;
interface UserRow { id: string | number; name: string; role: UserRole; password_hash: string | null; disabled: boolean; token_epoch: number; created_at: Date; updated_at: Date }
interface KeyRow { id: string; user_name: string; label: string; secret_hash: string; created_at: Date; revoked_at: Date | null }

const info = (r: UserRow): UserInfo => ({
  name: r.name, role: r.role, disabled: r.disabled, has_password: r.password_hash !== null,
  created_at: r.created_at.toISOString(), updated_at: r.updated_at.toISOString(),
});
const keyInfo = (r: KeyRow): ApiKeyInfo => ({
  id: r.id, user: r.user_name, label: r.label, created_at: r.created_at.toISOString(), revoked_at: r.revoked_at?.toISOString() ?? null,
});

export function checkUserName(name: unknown, field = 'name'): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new InputError(field, `must be 2–64 characters of letters, digits and . _ @ -, starting with a letter or digit, got ${JSON.stringify(name)}`);
  }
  return name;
}

export function checkRole(role: unknown, field = 'role'): UserRole {
  if (!USER_ROLES.includes(role as UserRole)) throw new InputError(field, `must be planner or admin, got ${JSON.stringify(role)}`);
  return role as UserRole;
}

/**
 * Accounts and API keys in the `users` and `api_keys` tables. Every change is one transaction with an
 * `audit_log` entry (collection `users` or `api_keys`; before/after without secrets).
 */
export class UserStore {
  constructor(private readonly db: Db) {}

  async #audit(tx: Tx, actor: string, action: 'create' | 'patch' | 'delete', collection: 'users' | 'api_keys', code: string, before: object | null, after: object | null) {
    await recordAudit(tx, { actor, action, collection, code, before, after });
  }

  async #userRow(q: postgres.Sql | Tx, name: string, lock = false): Promise<UserRow | undefined> {
    const rows = lock
      ? await q<UserRow[]>`SELECT * FROM users WHERE name = ${name} FOR UPDATE`
      : await q<UserRow[]>`SELECT * FROM users WHERE name = ${name}`;
    return rows[0];
  }

  /** For authentication; undefined when no such user. */
  async find(name: string): Promise<UserRecord | undefined> {
    if (!NAME.test(name)) return undefined;
    const r = await this.#userRow(this.db.sql, name);
    return r && { id: Number(r.id), name: r.name, role: r.role, disabled: r.disabled, tokenEpoch: r.token_epoch, passwordHash: r.password_hash };
  }

  /** The user whose password this is, or undefined (same time taken whether the name exists or not). */
  async checkPassword(name: unknown, password: unknown): Promise<UserRecord | undefined> {
    const user = typeof name === 'string' ? await this.find(name) : undefined;
    const ok = await verifyPassword(user?.passwordHash ?? null, typeof password === 'string' ? password : '');
    return ok && user && !user.disabled ? user : undefined;
  }

  async list(): Promise<UserInfo[]> {
    return (await this.db.sql<UserRow[]>`SELECT * FROM users ORDER BY name`).map(info);
  }

  async get(name: string): Promise<UserInfo> {
    const r = await this.#userRow(this.db.sql, name);
    if (!r) throw new InputError('name', `no user ${JSON.stringify(name)}`, 'not_found');
    return info(r);
  }

  /** Adds an account; `password` null = API keys only. 409 if the name is taken. */
  async add(input: { name: unknown; role: unknown; password: unknown }, actor: string): Promise<UserInfo> {
    const name = checkUserName(input.name);
    const role = checkRole(input.role);
    const hash = input.password === null ? null : await hashPassword(checkPasswordPolicy(input.password));
    return this.db.sql.begin(async (tx) => {
      const [row] = await tx<UserRow[]>`INSERT INTO users (name, role, password_hash) VALUES (${name}, ${role}, ${hash})
        ON CONFLICT (name) DO NOTHING RETURNING *`;
      if (!row) throw new InputError('name', `user ${JSON.stringify(name)} exists`, 'conflict');
      await this.#audit(tx, actor, 'create', 'users', name, null, info(row));
      return info(row);
    });
  }

  /** Sets a new password; tokens issued before stop working. */
  async setPassword(name: string, password: unknown, actor: string): Promise<UserInfo> {
    return this.update(name, { password }, actor);
  }

  /** Changes role, disabled and/or password in one transaction; any change ends the user's tokens. */
  async update(name: string, patch: { role?: unknown; disabled?: unknown; password?: unknown }, actor: string): Promise<UserInfo> {
    if (patch.role === undefined && patch.disabled === undefined && patch.password === undefined) throw new InputError('body', 'send role, disabled and/or password');
    const role = patch.role === undefined ? null : checkRole(patch.role);
    if (patch.disabled !== undefined && typeof patch.disabled !== 'boolean') throw new InputError('disabled', 'must be true or false');
    const disabled = (patch.disabled as boolean | undefined) ?? null;
    const hash = patch.password === undefined ? null : await hashPassword(checkPasswordPolicy(patch.password));
    return this.#update(name, actor, (tx) => tx<UserRow[]>`UPDATE users SET
        role = coalesce(${role}::text, role),
        disabled = coalesce(${disabled}::boolean, disabled),
        password_hash = coalesce(${hash}::text, password_hash),
        token_epoch = token_epoch + 1, updated_at = now()
      WHERE name = ${name} RETURNING *`);
  }

  /** Refuses (409) to leave no enabled admin: someone must be able to manage accounts without the CLI. */
  async #keepAnAdmin(tx: Tx, name: string, field: string): Promise<void> {
    const [row] = await tx<{ n: number }[]>`SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled AND name <> ${name}`;
    if ((row?.n ?? 0) === 0) throw new InputError(field, `${name} is the last enabled admin; make another admin first`, 'conflict');
  }

  async #update(name: string, actor: string, write: (tx: Tx) => Promise<UserRow[]>): Promise<UserInfo> {
    return this.db.sql.begin(async (tx) => {
      const before = await this.#userRow(tx, name, true);
      if (!before) throw new InputError('name', `no user ${JSON.stringify(name)}`, 'not_found');
      const [after] = await write(tx);
      if (before.role === 'admin' && !before.disabled && (after!.role !== 'admin' || after!.disabled)) {
        await this.#keepAnAdmin(tx, name, after!.disabled ? 'disabled' : 'role');
      }
      await this.#audit(tx, actor, 'patch', 'users', name, info(before), info(after!));
      // Disabling revokes the user's keys for good: re-enabling gives the account back, not its old keys
      // (a key leaked while the account was off must not come back to life; issue new ones).
      if (!before.disabled && after!.disabled) {
        const revoked = await tx<KeyRow[]>`UPDATE api_keys SET revoked_at = now() WHERE user_name = ${name} AND revoked_at IS NULL RETURNING *`;
        for (const k of revoked) await this.#audit(tx, actor, 'patch', 'api_keys', k.id, { ...keyInfo(k), revoked_at: null }, keyInfo(k));
      }
      return info(after!);
    });
  }

  /** Deletes an account and its keys. */
  async remove(name: string, actor: string): Promise<void> {
    await this.db.sql.begin(async (tx) => {
      const [row] = await tx<UserRow[]>`DELETE FROM users WHERE name = ${name} RETURNING *`;
      if (!row) throw new InputError('name', `no user ${JSON.stringify(name)}`, 'not_found');
      if (row.role === 'admin' && !row.disabled) await this.#keepAnAdmin(tx, name, 'name');
      await this.#audit(tx, actor, 'delete', 'users', name, info(row), null);
    });
  }

  /** A new API key for `user`: the whole key is in the answer and nowhere else. */
  async createKey(userName: string, label: unknown, actor: string): Promise<ApiKeyInfo & { key: string }> {
    if (label !== undefined && (typeof label !== 'string' || label.length > 200)) throw new InputError('label', 'must be a string of at most 200 characters');
    const key = newApiKey();
    return this.db.sql.begin(async (tx) => {
      if (!(await this.#userRow(tx, userName))) throw new InputError('user', `no user ${JSON.stringify(userName)}`, 'not_found');
      const [row] = await tx<KeyRow[]>`INSERT INTO api_keys (id, user_name, label, secret_hash)
        VALUES (${key.id}, ${userName}, ${(label as string | undefined) ?? ''}, ${key.secretHash}) RETURNING *`;
      await this.#audit(tx, actor, 'create', 'api_keys', key.id, null, keyInfo(row!));
      return { ...keyInfo(row!), key: key.key };
    });
  }

  async listKeys(userName?: string): Promise<ApiKeyInfo[]> {
    const rows = userName === undefined
      ? await this.db.sql<KeyRow[]>`SELECT * FROM api_keys ORDER BY created_at, id`
      : await this.db.sql<KeyRow[]>`SELECT * FROM api_keys WHERE user_name = ${userName} ORDER BY created_at, id`;
    return rows.map(keyInfo);
  }

  /** Revokes a key (kept, with its revocation time, for the record). 404 if unknown; revoking twice is a no-op. */
  async revokeKey(id: string, actor: string): Promise<ApiKeyInfo> {
    return this.db.sql.begin(async (tx) => {
      const [before] = await tx<KeyRow[]>`SELECT * FROM api_keys WHERE id = ${id} FOR UPDATE`;
      if (!before) throw new InputError('id', `no API key ${JSON.stringify(id)}`, 'not_found');
      if (before.revoked_at) return keyInfo(before);
      const [after] = await tx<KeyRow[]>`UPDATE api_keys SET revoked_at = now() WHERE id = ${id} RETURNING *`;
      await this.#audit(tx, actor, 'patch', 'api_keys', id, keyInfo(before), keyInfo(after!));
      return keyInfo(after!);
    });
  }

  /** The active user a presented key belongs to, or undefined (malformed, unknown, revoked, or user disabled). */
  async userOfKey(key: string): Promise<{ user: UserRecord; keyId: string } | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const [row] = await this.db.sql<(KeyRow & { uid: string; role: UserRole; disabled: boolean; token_epoch: number })[]>`
      SELECT k.*, u.id AS uid, u.role, u.disabled, u.token_epoch FROM api_keys k JOIN users u ON u.name = k.user_name WHERE k.id = ${parsed.id}`;
    if (!row || row.revoked_at !== null || row.disabled || !secretMatches(parsed.secret, row.secret_hash)) return undefined;
    return { user: { id: Number(row.uid), name: row.user_name, role: row.role, disabled: false, tokenEpoch: row.token_epoch, passwordHash: null }, keyId: row.id };
  }
}
