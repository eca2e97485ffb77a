/**
 * OpenAPI of `GET /api/health` (routes/health.ts), spread into the document by openapi.ts: the answer's
 * every field, closed (`additionalProperties: false`), so a field the route adds and the document
 * lacks fails the test that checks live answers against it (tests/integration/siting-queue-limits.test.ts, with tests/helpers/openapi-shape.ts).
 */

type Schema = Record<string, unknown>;

const closed = (required: string[], properties: Record<string, Schema>, description?: string): Schema => ({
  type: 'object', required, additionalProperties: false, properties, ...(description ? { description } : {}),
});
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

const database = (reachable: boolean) => closed(reachable ? ['backend', 'reachable', 'postgis'] : ['backend', 'reachable'], {
  backend: { type: 'string', enum: ['pglite', 'postgres'], description: 'pglite: the embedded database; postgres: a PostgreSQL + PostGIS server (DATABASE_URL)' },
  reachable: { type: 'boolean', enum: [reachable] },
  ...(reachable ? { postgis: { type: 'string', nullable: true, description: 'PostGIS library version' } } : {}),
});

const replica = {
  description: 'Whether public reads go to the read replica (DATABASE_READ_URL), why not, and its lag; `{ configured: false }` without one',
  oneOf: [ref('HealthReplicaNone'), ref('HealthReplica')],
};

/** Components of the health answer. */
export const HEALTH_SCHEMAS: Readonly<Record<string, Schema>> = {
  Health: closed(['status', 'database', 'migrations', 'data_version', 'replica'], {
    status: { type: 'string', enum: ['ok', 'migrations_pending'] },
    database: database(true),
    migrations: closed(['current', 'pending'], {
      current: { type: 'boolean' },
      pending: { type: 'array', items: { type: 'string' }, description: 'migration ids not applied yet (`lifecircle migrate`)' },
    }),
    data_version: { type: 'string', nullable: true, description: 'the data version (a bigint as text): it moves with every write of city data' },
    replica,
    siting_queue: ref('HealthSitingQueue'),
  }, 'The process and its database. `siting_queue` only on a PostgreSQL server (the shared pg-boss queue): null until a process has started the queue.'),
  HealthSitingQueue: {
    ...closed(['queued', 'active', 'failed'], {
      queued: { type: 'integer', minimum: 0, description: 'runs waiting for a worker, over every process' },
      active: { type: 'integer', minimum: 0, description: 'runs a worker holds now (each job shows its worker as progress.worker, host:pid)' },
      failed: { type: 'integer', minimum: 0, description: 'failed runs still kept (an hour)' },
    }, 'Depth of the siting queue as pg-boss last counted it (every few seconds). POST /api/siting refuses runs past LIFECIRCLE_SITING_QUEUE_MAX queued + active (503 queue_full) or LIFECIRCLE_SITING_QUEUE_PER_USER of one caller (429 too_many_jobs).'),
    nullable: true,
  },
  HealthReplicaNone: closed(['configured'], { configured: { type: 'boolean', enum: [false] } }),
  HealthReplica: closed(['configured', 'used', 'reason', 'reachable', 'lag_ms', 'lag_bytes', 'max_lag_ms', 'replay_lsn', 'last_replay_at', 'checked_at'], {
    configured: { type: 'boolean', enum: [true] },
    used: { type: 'boolean', description: 'public reads go to the replica now' },
    reason: { type: 'string', nullable: true, enum: ['unreachable', 'not_a_standby', 'lagging', 'not_checked', 'stale_check', null], description: 'why not, when not used' },
    reachable: { type: 'boolean' },
    lag_ms: { type: 'number', nullable: true, description: 'how long ago the primary had WAL the replica has not replayed (0: caught up)' },
    lag_bytes: { type: 'number', nullable: true, description: 'WAL bytes the replica is behind' },
    max_lag_ms: { type: 'number', description: 'LIFECIRCLE_REPLICA_MAX_LAG_MS: a replica further behind is not used' },
    replay_lsn: { type: 'string', nullable: true },
    last_replay_at: { type: 'string', format: 'date-time', nullable: true },
    checked_at: { type: 'string', format: 'date-time', nullable: true },
  }),
  HealthUnavailable: closed(['status', 'database', 'replica', 'error'], {
    status: { type: 'string', enum: ['unavailable'] },
    database: database(false),
    replica,
    error: ref('Error'),
  }),
};

/** The `/health` path. */
export const HEALTH_PATHS: Readonly<Record<string, Schema>> = {
  '/health': {
    get: {
      tags: ['Capabilities'],
      summary: 'Health: database reachable and migrations current; `replica`: whether public reads go to the read replica (DATABASE_READ_URL), why not, and its lag (lag_ms, lag_bytes, max_lag_ms); `siting_queue` (server): the shared siting queue\'s depth',
      operationId: 'getHealth',
      'x-role': 'public',
      responses: {
        200: { description: 'Healthy', content: { 'application/json': { schema: ref('Health') } } },
        503: {
          description: 'Migrations pending (the Health answer with status migrations_pending) or the database unreachable',
          content: { 'application/json': { schema: { oneOf: [ref('Health'), ref('HealthUnavailable')] } } },
        },
      },
    },
  },
};
