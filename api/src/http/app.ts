import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { CoverageService } from '../services/coverage.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { accessibilityRoutes } from './routes/accessibility.ts';
import { AccessibilityService } from '../services/accessibility.ts';
import { capabilityRoutes } from './routes/capabilities.ts';
import { featureRoutes } from './routes/features.ts';
import { healthRoutes } from './routes/health.ts';
import { tileRoutes } from './routes/tiles.ts';
import { planRoutes } from './routes/plans.ts';
import { PlanService } from '../services/plans.ts';
import { importRoutes } from './routes/imports.ts';

export const CLIENT_DIR = fileURLToPath(new URL('../../../map-client/dist/', import.meta.url));

export interface AppDeps {
  db: Db;
  config: Config;
  log: Logger;
  /** Directory of the built map client; default `map-client/dist`. */
  clientDir?: string;
}

/** Builds the express app (no `listen`): API under `/api`, the map client at `/`. */
export function createApp({ db, config, log, clientDir = CLIENT_DIR }: AppDeps): Express {
  const app = express();
  const coverage = new CoverageService(db);
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('json spaces', 0);

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  });

  const api = express.Router();
  // JSON bodies up to 2 MB; imports read their own (larger, streamed) bodies.
  const json = express.json({ limit: '2mb', type: ['application/json', 'application/geo+json', 'application/merge-patch+json'] });
  api.use((req, res, next) => (req.path.startsWith('/imports') ? next() : json(req, res, next)));
  api.use(capabilityRoutes(config));
  api.use(healthRoutes(db));
  api.use(featureRoutes(db, config));
  api.use(coverageRoutes(db, coverage));
  api.use(accessibilityRoutes(new AccessibilityService(db, coverage)));
  api.use(tileRoutes(db, coverage));
  api.use(planRoutes(new PlanService(db, coverage)));
  api.use(importRoutes(db));
  api.use(notFoundHandler);
  app.use('/api', api);

  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: 'index.html', maxAge: '1h' }));
  } else {
    log.warn({ clientDir }, 'map client not built: run `npm run build` to serve the map at /');
    app.get('/', (_req, res) => {
      res.status(503).type('text/plain').send('The map client is not built. Run `npm run build` (npm install does it), then restart.\n');
    });
  }
  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return app;
}
