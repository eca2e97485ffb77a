import { Router } from 'express';
import type { SummaryService } from '../../services/summary.ts';
import { notModified } from '../analysis-etag.ts';

/** `GET /api/summary`: counts for the map's summary line and type picker. */
export function summaryRoutes(summary: SummaryService, dataVersion: () => Promise<string>): Router {
  const router = Router();
  router.get('/summary', async (req, res) => {
    const version = await dataVersion();
    if (notModified(req, res, { dataVersion: version })) return;
    res.json(await summary.summary(version));
  });
  return router;
}
