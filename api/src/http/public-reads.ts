import { Router, type RequestHandler } from 'express';
import type { Config } from '../config.ts';
import { ApiError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { ReadReplica } from '../db/read-replica.ts';
import { principalOf } from '../auth/principal.ts';
import { CoverageService } from '../services/coverage.ts';
import { EditService } from '../services/editing.ts';
import { TileService } from '../services/tiles.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { featureRoutes } from './routes/features.ts';
import { tileRoutes } from './routes/tiles.ts';

/** The reads a replica answers: items, tiles (and their TileJSON), coverage of the baseline and its gaps. */
const PUBLIC_READS = [
  /^\/collections\/[^/]+\/items(\/[^/]+)?$/,
  /^\/tiles\/[^/]+\.json$/,
  /^\/tiles\/[^/]+\/\d+\/\d+\/\d+\.mvt$/,
  /^\/coverage(\/gaps)?$/,
];

/**
 * Public reads from the hot standby (DATABASE_READ_URL): a GET or HEAD by an anonymous caller of
 * items, tiles or baseline coverage (no `scenario`) goes to the same routes built on the replica, while
 * the replica is usable (reachable, within LIFECIRCLE_REPLICA_MAX_LAG_MS). Everything else falls
 * through to the primary: writes, planners and admins (so a planner always reads their own writes),
 * scenarios, and every request while the replica is down or behind.
 * A read that fails on the standby with a database error (down, restarted, a query cancelled by a
 * recovery conflict, a role without rights there) is answered by the primary instead, if nothing was sent
 * yet; request errors (4xx) are the caller's and stand.
 * The replica's routes keep their own coverage engine and tile caches, keyed by the replica's data version.
 */
export function publicReadRoutes(replica: ReadReplica, config: Config, log?: Logger): RequestHandler {
  const db = replica.db;
  const coverage = new CoverageService(db);
  const inner = Router();
  inner.use(featureRoutes(db, config, new EditService(db)));
  inner.use(tileRoutes(new TileService(db, coverage)));
  inner.use(coverageRoutes(db, coverage));
  return (req, res, next) => {
    const read = (req.method === 'GET' || req.method === 'HEAD')
      && principalOf(req).role === 'public'
      && req.query['scenario'] === undefined
      && PUBLIC_READS.some((re) => re.test(req.path));
    if (!read || !replica.usable()) return next();
    inner(req, res, (err?: unknown) => {
      if (err === undefined || err === null || typeof err === 'string' || err instanceof ApiError || res.headersSent) return next(err as never);
      log?.warn({ err, url: req.originalUrl }, 'read replica failed a public read: answered by the primary');
      void replica.check();
      next();
    });
  };
}
