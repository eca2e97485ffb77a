import { Router } from 'express';
import type { SummaryService } from '../../services/summary.ts';
import { notModified } from '../analysis-etag.ts';

/** `GET /api/summary`: counts for the map's summary line and type picker. */
export function summaryRoutes(summary: SummaryService, dataVersion: () => Promise<string>): Router {
  const router = Router();
  router.get('/summary', async (req, res) => {
    // The ETag is the version the body was counted at (kept per version, so a repeat costs one version
    // read): a write landing between the two reads cannot label new counts with the old version.
    const body = await summary.summary(await dataVersion());
    if (notModified(req, res, { dataVersion: body.data_version })) return;
    res.json(body);
  });
  return router;
}
