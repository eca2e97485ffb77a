import type { Db } from './connect.ts';

/** Channels the triggers of migration 0012 notify on. */
export const DATA_VERSION_CHANNEL = 'lifecircle_data_version';
export const SCENARIO_CHANNEL = 'lifecircle_scenario';

export interface ChangeHandlers {
  /** The city data changed (payload: the new data version). */
  onDataVersion: (version: string) => void;
  /** A scenario was edited or deleted (payload: its id). */
  onScenario: (id: number) => void;
}

/**
 * LISTENs for the change notifications of other processes on the same PostgreSQL server (postgres.js
 * keeps one connection for it and re-listens after a reconnect). Returns a stop function. The
 * embedded database has one process: nothing to listen for.
 */
export async function listenForChanges(db: Db, handlers: ChangeHandlers): Promise<() => Promise<void>> {
  if (db.backend !== 'postgres') return async () => {};
  const a = await db.sql.listen(DATA_VERSION_CHANNEL, (payload) => handlers.onDataVersion(payload));
  const b = await db.sql.listen(SCENARIO_CHANNEL, (payload) => {
    const id = Number(payload);
    if (Number.isInteger(id)) handlers.onScenario(id);
  });
  return async () => {
    await Promise.allSettled([a.unlisten(), b.unlisten()]);
  };
}
