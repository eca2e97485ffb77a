import type { Db } from '../db/connect.ts';
import type { Queryable } from '../db/queryable.ts';
import { findApiKey, findApiKeyWithUser, insertApiKey, listApiKeys, revokeApiKey, revokeApiKeysOfUser, type ApiKeyRow } from '../db/repositories/api-keys.ts';
import { recordAudit } from '../db/repositories/audit.ts';
import { countOtherEnabledAdmins, deleteUser, findUser, insertUser, listUsers, updateUser, type UserRow } from '../db/repositories/users.ts';
import { InputError } from '../services/errors.ts';
import { newApiKey, parseApiKey, secretMatches } from './api-keys.ts';
import { checkPasswordPolicy, hashPassword, verifyPassword } from './passwords.ts';

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


const info = (r: UserRow): UserInfo => ({
  name: r.name, role: r.role, disabled: r.disabled, has_password: r.password_hash !== null,
  created_at: r.created_at.toISOString(), updated_at: r.updated_at.toISOString(),
});
const keyInfo = (r: ApiKeyRow): ApiKeyInfo => ({
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

  async #audit(tx: Queryable, actor: string, action: 'create' | 'patch' | 'delete', collection: 'users' | 'api_keys', code: string, before: object | null, after: object | null) {
    await recordAudit(tx, { actor, action, collection, code, before, after });
  }

  /** For authentication; undefined when no such user. */
  async find(name: string): Promise<UserRecord | undefined> {
    if (!NAME.test(name)) return undefined;
    const r = await findUser(this.db.sql, name);
    return r && { id: Number(r.id), name: r.name, role: r.role, disabled: r.disabled, tokenEpoch: r.token_epoch, passwordHash: r.password_hash };
  }

  /** The user whose password this is, or undefined (same time taken whether the name exists or not). */
  async checkPassword(name: unknown, password: unknown): Promise<UserRecord | undefined> {
    const user = typeof name === 'string' ? await this.find(name) : undefined;
    const ok = await verifyPassword(user?.passwordHash ?? null, typeof password === 'string' ? password : '');
    return ok && user && !user.disabled ? user : undefined;
  }

  async list(): Promise<UserInfo[]> {
    return (await listUsers(this.db.sql)).map(info);
  }

  async get(name: string): Promise<UserInfo> {
    const r = await findUser(this.db.sql, name);
    if (!r) throw new InputError('name', `no user ${JSON.stringify(name)}`, 'not_found');
    return info(r);
  }

  /** Adds an account; `password` null = API keys only. 409 if the name is taken. */
  async add(input: { name: unknown; role: unknown; password: unknown }, actor: string): Promise<UserInfo> {
    const name = checkUserName(input.name);
    const role = checkRole(input.role);
    const hash = input.password === null ? null : await hashPassword(checkPasswordPolicy(input.password));
    return this.db.sql.begin(async (tx) => {
      const row = await insertUser(tx, { name, role, password_hash: hash });
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
    const role = patch.role === undefined ? undefined : checkRole(patch.role);
    if (patch.disabled !== undefined && typeof patch.disabled !== 'boolean') throw new InputError('disabled', 'must be true or false');
    const disabled = patch.disabled as boolean | undefined;
    const hash = patch.password === undefined ? undefined : await hashPassword(checkPasswordPolicy(patch.password));
    const changes = {
      ...(role !== undefined ? { role } : {}),
      ...(disabled !== undefined ? { disabled } : {}),
      ...(hash !== undefined ? { password_hash: hash } : {}),
    };
    return this.#update(name, actor, (tx) => updateUser(tx, name, changes));
  }

  /** Refuses (409) to leave no enabled admin: someone must be able to manage accounts without the CLI. */
  async #keepAnAdmin(tx: Queryable, name: string, field: string): Promise<void> {
    if ((await countOtherEnabledAdmins(tx, name)) === 0) throw new InputError(field, `${name} is the last enabled admin; make another admin first`, 'conflict');
  }

  async #update(name: string, actor: string, write: (tx: Queryable) => Promise<UserRow | undefined>): Promise<UserInfo> {
    return this.db.sql.begin(async (tx) => {
      const before = await findUser(tx, name, { lock: true });
      if (!before) throw new InputError('name', `no user ${JSON.stringify(name)}`, 'not_found');
      const after = await write(tx);
      if (before.role === 'admin' && !before.disabled && (after!.role !== 'admin' || after!.disabled)) {
        await this.#keepAnAdmin(tx, name, after!.disabled ? 'disabled' : 'role');
      }
      await this.#audit(tx, actor, 'patch', 'users', name, info(before), info(after!));
      // Disabling revokes the user's keys for good: re-enabling gives the account back, not its old keys
      // (a key leaked while the account was off must not come back to life; issue new ones).
      if (!before.disabled && after!.disabled) {
        const revoked = await revokeApiKeysOfUser(tx, name);
        for (const k of revoked) await this.#audit(tx, actor, 'patch', 'api_keys', k.id, { ...keyInfo(k), revoked_at: null }, keyInfo(k));
      }
      return info(after!);
    });
  }

  /** Deletes an account and its keys. */
  async remove(name: string, actor: string): Promise<void> {
    await this.db.sql.begin(async (tx) => {
      const row = await deleteUser(tx, name);
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
      if (!(await findUser(tx, userName))) throw new InputError('user', `no user ${JSON.stringify(userName)}`, 'not_found');
      const row = await insertApiKey(tx, { id: key.id, user_name: userName, label: (label as string | undefined) ?? '', secret_hash: key.secretHash });
      await this.#audit(tx, actor, 'create', 'api_keys', key.id, null, keyInfo(row));
      return { ...keyInfo(row), key: key.key };
    });
  }

  async listKeys(userName?: string): Promise<ApiKeyInfo[]> {
    return (await listApiKeys(this.db.sql, userName)).map(keyInfo);
  }

  /** Revokes a key (kept, with its revocation time, for the record). 404 if unknown; revoking twice is a no-op. */
  async revokeKey(id: string, actor: string): Promise<ApiKeyInfo> {
    return this.db.sql.begin(async (tx) => {
      const before = await findApiKey(tx, id, { lock: true });
      if (!before) throw new InputError('id', `no API key ${JSON.stringify(id)}`, 'not_found');
      if (before.revoked_at) return keyInfo(before);
      const after = await revokeApiKey(tx, id);
      await this.#audit(tx, actor, 'patch', 'api_keys', id, keyInfo(before), keyInfo(after!));
      return keyInfo(after!);
    });
  }

  /** The active user a presented key belongs to, or undefined (malformed, unknown, revoked, or user disabled). */
  async userOfKey(key: string): Promise<{ user: UserRecord; keyId: string } | undefined> {
    const parsed = parseApiKey(key);
    if (!parsed) return undefined;
    const row = await findApiKeyWithUser(this.db.sql, parsed.id);
    if (!row || row.revoked_at !== null || row.disabled || !secretMatches(parsed.secret, row.secret_hash)) return undefined;
    return { user: { id: Number(row.uid), name: row.user_name, role: row.role, disabled: false, tokenEpoch: row.token_epoch, passwordHash: null }, keyId: row.id };
  }
}
