import { Router } from 'express';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import { listAudit } from '../../services/audit.ts';
import { one, parseLimit, parseOffset } from '../params.ts';
import { hasRole, principalOf } from '../../auth/principal.ts';

/** `GET /api/audit`: the audit log for planners; entries about accounts and keys for admins only. */
export function auditRoutes(db: Db, config: Config): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    const limit = parseLimit(req.query['limit'], config.paging);
    const offset = parseOffset(req.query['offset']);
    const principal = principalOf(req);
    const admin = hasRole(principal.role, 'admin');
    const { entries, numberMatched } = await listAudit(db, {
      collection: one(req, 'collection'),
      code: one(req, 'code'),
      actor: one(req, 'actor'),
      since: one(req, 'since'),
      includeAccounts: admin,
      // Entries are filtered by what the caller may see (another planner's private scenario stays hidden).
      viewer: admin ? null : (principal.user ?? ''),
      limit,
      offset,
    });
    res.set('Cache-Control', 'no-store');
    res.json({ entries, numberMatched, numberReturned: entries.length, limit, offset });
  });
  return router;
}
