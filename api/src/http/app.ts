import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../log.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { CoverageService } from '../services/coverage.ts';
import { coverageRoutes } from './routes/coverage.ts';
import { networkRoutes } from './routes/network.ts';
import { accessibilityRoutes } from './routes/accessibility.ts';
import { AccessibilityService } from '../services/accessibility.ts';
import { capabilityRoutes } from './routes/capabilities.ts';
import { featureRoutes } from './routes/features.ts';
import { EditService } from '../services/editing.ts';
import { TileService } from '../services/tiles.ts';
import { healthRoutes } from './routes/health.ts';
import { tileRoutes } from './routes/tiles.ts';
import { basemapTileRoutes } from './routes/basemap-tiles.ts';
import { BasemapTileService } from '../services/basemap-tiles.ts';
import { nearbyRoutes } from './routes/nearby.ts';
import { coverageCompact } from '../services/coverage-format.ts';
import { summaryRoutes } from './routes/summary.ts';
import { SummaryService } from '../services/summary.ts';
import { planRoutes } from './routes/plans.ts';
import { PlanService } from '../services/plans.ts';
import { importRoutes } from './routes/imports.ts';
import { auditRoutes } from './routes/audit.ts';
import { scenarioRoutes } from './routes/scenarios.ts';
import { ScenarioService } from '../services/scenarios.ts';
import { sitingRoutes } from './routes/siting.ts';
import { SitingService } from '../services/siting.ts';
import type { Caller } from '../services/caller.ts';
import { listenForChanges } from '../db/notifications.ts';
import { DOCS_INLINE_SCRIPT } from './routes/capabilities.ts';
import { authRoutes } from './routes/auth.ts';
import { buildOpenApi } from './openapi.ts';
import { createAccessControl } from '../auth/access-control.ts';
import type { Authenticator } from '../auth/authenticate.ts';
import { analysisTimeout } from '../auth/analysis-timeout.ts';
import { refuseNul } from '../auth/nul-guard.ts';
import { corsAllowList, securityHeaders } from '../auth/security-headers.ts';
import { responseCompression } from './compression.ts';
import type { ReadReplica } from '../db/read-replica.ts';
import { publicReadRoutes } from './public-reads.ts';

export const CLIENT_DIR = fileURLToPath(new URL('../../../map-client/dist/', import.meta.url));

const CLOSE_HOOK = 'lifecircleClose';
const WARM_UP_HOOK = 'lifecircleWarmUp';

/** The types whose coverage the warm-up computes (health first: the bureau's and the map's usual first question). */
export const WARM_UP_TYPES: readonly string[] = ['health_station', 'health_center'];

/**
 * Builds the baseline coverage engine, computes the coverage of WARM_UP_TYPES (the kernel's first
 * computations are its slow ones, #19) and builds the walking engine in the background (#16: the first
 * switch to walking distance finds them built), then the walking 2SFCA catchments of the map's
 * capacity profiles (`AccessibilityService.warmUp`, in small steps, stopped by `closeApp`). Once per
 * app; an empty city (no communities) or a city without a street network builds nothing. Resolves when done; never rejects (a failure is
 * logged, and the first request that needs the engine builds it and reports it). `closeApp` waits
 * for it, so the database is not closed under its reads.
 */
export function warmUpApp(app: Express, options: WarmUpOptions = {}): Promise<void> {
  return (app.locals[WARM_UP_HOOK] as ((o: WarmUpOptions) => Promise<void>) | undefined)?.(options) ?? Promise.resolve();
}

export interface WarmUpOptions {
  /** Build the walking engine and its 2SFCA catchments too (a bench times those on their own). @defaultValue true */
  walking?: boolean;
}

/**
 * Stops the app's background work (running siting jobs, the shared queue's worker, change listeners);
 * the HTTP server and database are the caller's.
 */
export async function closeApp(app: Express): Promise<void> {
  await (app.locals[CLOSE_HOOK] as (() => Promise<void>) | undefined)?.();
}

export interface AppDeps {
  db: Db;
  config: Config;
  log: Logger;
  /** Directory of the built map client; default `map-client/dist`. */
  clientDir?: string;
  /** Replaces the database-backed authentication (tests with a stand-in Db). */
  authenticator?: Authenticator;
  /** A streaming hot standby for public reads (DATABASE_READ_URL); the primary serves everything else. */
  replica?: ReadReplica | undefined;
}

/** Builds the express app (no `listen`): API under `/api`, the map client at `/`. */
export function createApp({ db, config, log, clientDir = CLIENT_DIR, authenticator, replica }: AppDeps): Express {
  const app = express();
  const coverage = new CoverageService(db);
  app.disable('x-powered-by');
  app.set('trust proxy', config.security.trustProxy);
  app.set('json spaces', 0);
  app.use(securityHeaders({ https: config.security.https, inlineScripts: [DOCS_INLINE_SCRIPT], corsOrigins: config.security.corsOrigins, basemapOrigins: config.security.basemapOrigins }));

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  });
  app.use(responseCompression());

  const api = express.Router();
  if (config.security.corsOrigins.length > 0) api.use(corsAllowList(config.security.corsOrigins));
  // Rate limit, who is asking, and the role each operation's x-role asks for: before any body is read.
  const access = createAccessControl({ db, config, log, doc: buildOpenApi(config), authenticator });
  api.use(...access.gate);
  // JSON bodies up to the configured limit (2 MB); imports read their own (larger, streamed) bodies.
  const json = express.json({ limit: config.security.bodyLimitBytes, type: ['application/json', 'application/geo+json', 'application/merge-patch+json'] });
  api.use((req, res, next) => (req.path.startsWith('/imports') ? next() : json(req, res, next)));
  api.use(refuseNul);
  api.use(analysisTimeout(config.security.analysisTimeoutMs));
  api.use(authRoutes(access.users, access.tokens, access.loginLimit));
  api.use(capabilityRoutes(config, db));
  api.use(healthRoutes(db, replica));
  // Anonymous reads of items, tiles and baseline coverage from the replica while it keeps up (public-reads.ts).
  if (replica) api.use(publicReadRoutes(replica, config, log));
  api.use(featureRoutes(db, config, new EditService(db)));
  const scenarios = new ScenarioService(db);
  const accessibility = new AccessibilityService(db, coverage);
  const plans = new PlanService(db, coverage, accessibility);
  api.use(coverageRoutes(db, coverage, scenarios));
  api.use(networkRoutes(db, coverage, scenarios));
  const dataVersion = () => coverage.dataVersion();
  api.use(accessibilityRoutes(accessibility, scenarios, dataVersion));
  api.use(basemapTileRoutes(new BasemapTileService(db)));
  const tiles = new TileService(db, coverage);
  api.use(tileRoutes(tiles, scenarios));
  api.use(nearbyRoutes(coverage, scenarios));
  api.use(summaryRoutes(new SummaryService(db), dataVersion));
  api.use(planRoutes(plans, scenarios, dataVersion));
  // On a PostgreSQL server, siting jobs go through the shared queue (every process reads, cancels and works them).
  const queue = db.backend === 'postgres' && db.url
    ? { db, options: { url: db.url, log, maxQueued: config.siting.queueMax, perUser: config.siting.queuePerUser }, resolveScenario: (id: number, caller: Caller) => scenarios.overlay(id, caller) }
    : undefined;
  const siting = new SitingService(coverage, { onError: (err) => log.error({ err }, 'siting run failed'), perUser: config.siting.queuePerUser, ...(queue ? { queue } : {}) });
  // Writes through other processes (NOTIFY, migration 0012) drop this process's engines of the old data at once.
  const listening = listenForChanges(db, {
    onDataVersion: (version) => {
      coverage.dataChanged(version);
      tiles.dataChanged(version);
    },
    onScenario: (id) => coverage.scenarioChanged(id),
  }).catch((err: unknown) => {
    log.warn({ err }, 'not listening for changes from other processes (each request still reads the data version)');
    return async () => {};
  });
  let closing = false;
  let warming: Promise<void> | undefined;
  app.locals[WARM_UP_HOOK] = (options: WarmUpOptions) =>
    (warming ??= (async () => {
      const snap = await coverage.snapshot();
      // The kernel's first computations in a process are its slow ones (V8 has no type feedback yet).
      // Their compact JSON too: the map's form (JSON.stringify warms up on the same shapes).
      if (!closing) for (const report of await coverage.warmUpCoverage(WARM_UP_TYPES, () => closing)) JSON.stringify(coverageCompact(report));
      const walking = !closing && options.walking !== false && (await coverage.walking.prebuild(snap));
      // Then the walking 2SFCA catchments of the map's capacity profiles, a few facilities per step (#16).
      if (walking && !closing) await accessibility.warmUp({ mode: 'walk', cancelled: () => closing });
    })().catch((err: unknown) => {
      if (!closing) log.warn({ err }, 'engine warm-up failed (the first request that needs the engine builds it)');
    }));
  // On shutdown, running siting jobs are cancelled (an exact solve would otherwise keep its HiGHS worker to its time limit).
  app.locals[CLOSE_HOOK] = async () => {
    closing = true;
    await Promise.allSettled([siting.close(), listening.then((stop) => stop()), warming]);
  };
  api.use(scenarioRoutes(scenarios, coverage, plans, siting));
  api.use(sitingRoutes(siting, scenarios));
  api.use(importRoutes(db));
  api.use(auditRoutes(db, config));
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
