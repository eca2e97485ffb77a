import { sql, type Selectable } from 'kysely';
import type { UsersTable } from '../database.ts';
import { kyselyOf, type Queryable } from '../queryable.ts';

/** One `users` row as stored (the password hash included: callers decide what to show). */
export type UserRow = Selectable<UsersTable>;

/** The account called `name`, or undefined; `lock` holds its row until the caller's transaction ends. */
export async function findUser(q: Queryable, name: string, options: { lock?: boolean } = {}): Promise<UserRow | undefined> {
  const query = kyselyOf(q).selectFrom('users').selectAll().where('name', '=', name);
  return (options.lock ? query.forUpdate() : query).executeTakeFirst();
}

/** Every account, by name. */
export async function listUsers(q: Queryable): Promise<UserRow[]> {
  return kyselyOf(q).selectFrom('users').selectAll().orderBy('name').execute();
}

/** Adds an account; undefined when the name is taken (nothing written). */
export async function insertUser(
  q: Queryable,
  user: { name: string; role: UserRow['role']; password_hash: string | null },
): Promise<UserRow | undefined> {
  return kyselyOf(q)
    .insertInto('users')
    .values(user)
    .onConflict((oc) => oc.column('name').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/**
 * Changes the given fields of account `name` (the others stay) and ends its tokens (the token epoch
 * moves on, whatever changed). Undefined when there is no such account.
 */
export async function updateUser(
  q: Queryable,
  name: string,
  patch: { role?: UserRow['role']; disabled?: boolean; password_hash?: string },
): Promise<UserRow | undefined> {
  return kyselyOf(q)
    .updateTable('users')
    .set({ ...patch, token_epoch: sql<number>`token_epoch + 1`, updated_at: sql<Date>`now()` })
    .where('name', '=', name)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes account `name` (its keys go by the foreign key); the deleted row, or undefined. */
export async function deleteUser(q: Queryable, name: string): Promise<UserRow | undefined> {
  return kyselyOf(q).deleteFrom('users').where('name', '=', name).returningAll().executeTakeFirst();
}

/** How many enabled admins there are besides `name`. */
export async function countOtherEnabledAdmins(q: Queryable, name: string): Promise<number> {
  const row = await kyselyOf(q)
    .selectFrom('users')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .where('name', '<>', name)
    .executeTakeFirst();
  return row?.n ?? 0;
}
