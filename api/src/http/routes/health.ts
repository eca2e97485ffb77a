import { Router } from 'express';
import type { Db } from '../../db/connect.ts';
import { migrationStatus } from '../../db/migrate.ts';
import { readDataVersion } from '../../db/repositories/data-version.ts';
import { postgisVersion } from '../../db/repositories/server-info.ts';
import type { ReadReplica } from '../../db/read-replica.ts';
import { sitingQueueDepth } from '../../db/repositories/siting-jobs.ts';
import { QUEUE_SCHEMA, SITING_QUEUE } from '../../services/siting-queue.ts';

/**
 * `GET /api/health`: 200 when the database answers and its schema is current, else 503 with the reason.
 * `replica` says whether public reads go to the read replica and how far behind it is (a replica that
 * is down or lagging does not make the process unhealthy: the primary serves instead).
 */
export function healthRoutes(db: Db, replica?: ReadReplica): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    try {
      const postgis = await postgisVersion(db.sql);
      const version = await readDataVersion(db.sql);
      const { pending } = await migrationStatus(db.sql);
      const current = pending.length === 0;
      // A server's siting queue, shared by every process: its depth as pg-boss last counted it.
      const queue = db.backend === 'postgres' ? ((await sitingQueueDepth(db.sql, QUEUE_SCHEMA, SITING_QUEUE).catch(() => undefined)) ?? null) : undefined;
      res.status(current ? 200 : 503).json({
        status: current ? 'ok' : 'migrations_pending',
        database: { backend: db.backend, reachable: true, postgis },
        migrations: { current, pending },
        data_version: version ?? null,
        replica: replica ? replica.status() : { configured: false },
        ...(queue !== undefined ? { siting_queue: queue } : {}),
      });
    } catch (err) {
      res.status(503).json({
        status: 'unavailable',
        database: { backend: db.backend, reachable: false },
        replica: replica ? replica.status() : { configured: false },
        error: { code: 'service_unavailable', message: 'the database is not reachable' },
      });
    }
  });
  return router;
}
