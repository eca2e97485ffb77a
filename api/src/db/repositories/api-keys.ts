import { sql, type Selectable } from 'kysely';
import type { ApiKeysTable, UsersTable } from '../database.ts';
import { kyselyOf, type Queryable } from '../queryable.ts';

/** One `api_keys` row as stored (the secret's hash included). */
export type ApiKeyRow = Selectable<ApiKeysTable>;

/** Stores a new key; the stored row. */
export async function insertApiKey(q: Queryable, key: { id: string; user_name: string; label: string; secret_hash: string }): Promise<ApiKeyRow> {
  return kyselyOf(q).insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
}

/** Every key (or every key of `userName`), oldest first. */
export async function listApiKeys(q: Queryable, userName?: string): Promise<ApiKeyRow[]> {
  let query = kyselyOf(q).selectFrom('api_keys').selectAll();
  if (userName !== undefined) query = query.where('user_name', '=', userName);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** The key `id`, or undefined; `lock` holds its row until the caller's transaction ends. */
export async function findApiKey(q: Queryable, id: string, options: { lock?: boolean } = {}): Promise<ApiKeyRow | undefined> {
  const query = kyselyOf(q).selectFrom('api_keys').selectAll().where('id', '=', id);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Revokes key `id` now; the revoked row, or undefined when there is no such key. */
export async function revokeApiKey(q: Queryable, id: string): Promise<ApiKeyRow | undefined> {
  return kyselyOf(q).updateTable('api_keys').set({ revoked_at: sql<Date>`now()` }).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Revokes every key of `userName` still in force; the keys revoked. */
export async function revokeApiKeysOfUser(q: Queryable, userName: string): Promise<ApiKeyRow[]> {
  return kyselyOf(q)
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`now()` })
    .where('user_name', '=', userName)
    .where('revoked_at', 'is', null)
    .returningAll()
    .execute();
}

/** Key `id` with what authentication needs of its account, or undefined when there is no such key. */
export async function findApiKeyWithUser(
  q: Queryable,
  id: string,
): Promise<(ApiKeyRow & { uid: string; role: UsersTable['role']; disabled: boolean; token_epoch: number }) | undefined> {
  return kyselyOf(q)
    .selectFrom('api_keys as k')
    .innerJoin('users as u', 'u.name', 'k.user_name')
    .selectAll('k')
    .select(['u.id as uid', 'u.role', 'u.disabled', 'u.token_epoch'])
    .where('k.id', '=', id)
    .executeTakeFirst();
}
