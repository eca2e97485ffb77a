/**
 * #16: scenario edit → 2SFCA report through the services (no HTTP), each phase timed, median of N (default 8):
 *
 *   npx tsx bench/accessibility-edit.ts                      # demo city, embedded PGlite
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_CITY=large npx tsx bench/accessibility-edit.ts
 *   MODE=walk …                                              # on walking distances
 *   PROF=/tmp/edit.cpuprofile …                              # CPU profile of the edits (node:inspector)
 *
 * Each edit adds one health station with 2 GPs (so it counts in the 2SFCA), the third closes a health
 * centre and the fourth moves another; the report is the map's health profile at community level.
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import { migrate } from '../api/src/db/migrate.ts';
import { buildCounts } from '../api/src/domain/coverage/build-counts.ts';
import { AccessibilityService, type AccessibilityRequest } from '../api/src/services/accessibility.ts';
import { CoverageService } from '../api/src/services/coverage.ts';
import type { ScenarioOverlay } from '../api/src/services/scenario-model.ts';
import { ScenarioService } from '../api/src/services/scenarios.ts';
import { seedDemoCity } from '../seeds/demo-city/seed.ts';
import { benchCity, loadBenchCity, median, ms, openBenchDb } from './lib.ts';

const N = Number(process.env.N ?? 8);
const MODE = process.env.MODE === 'walk' ? 'walk' : 'straight';

async function main(): Promise<void> {
  const { db, label, drop } = await openBenchDb('ae', { embedded: 'embedded PGlite', server: 'PostgreSQL server' });
  try {
    if (process.env.BENCH_CITY === 'large') await loadBenchCity(db, benchCity());
    else {
      await migrate(db);
      await seedDemoCity(db);
    }
    const coverage = new CoverageService(db);
    const access = new AccessibilityService(db, coverage);
    const scenarios = new ScenarioService(db);
    const caller = { role: 'planner' as const, user: 'bench' };
    const req = (scenario?: ScenarioOverlay): AccessibilityRequest => ({
      types: ['health_center', 'health_station'], supply: 'gp_count', demand: 'population', level: 'community', mode: MODE,
      asOf: '2026-01-01', demandPoints: 'buildings', method: '2sfca', target: { value: 2, per: 10_000 }, scenario,
    });
    let t = process.hrtime.bigint();
    await access.accessibility(req());
    console.log(`${label}, mode ${MODE}: baseline 2SFCA (engine and catchments built) in ${ms(t).toFixed(0)} ms; node ${process.version}`);
    const [spot] = await db.sql<{ lon: number; lat: number }[]>`SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom))) AS lat FROM building`;
    const [closed, moved] = await db.sql<{ code: string }[]>`SELECT code FROM facility WHERE type = 'health_center' ORDER BY code LIMIT 2 OFFSET 1`;
    const session = new inspector.Session();
    session.connect();
    if (process.env.PROF) {
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    let s = await scenarios.create({ name: 'bench', changes: [] }, caller, 'bench');
    const changes: unknown[] = [];
    const times: Record<string, number[]> = {};
    const add = (k: string, v: number) => (times[k] ??= []).push(v);
    const built = { ...buildCounts };
    for (let k = 1; k <= N; k++) {
      if (k === 3) changes.push({ op: 'close', code: closed!.code });
      else if (k === 4) changes.push({ op: 'move', code: moved!.code, lon: spot!.lon - 0.01, lat: spot!.lat });
      else changes.push({ op: 'add', type: 'health_station', lon: spot!.lon + 0.002 * k, lat: spot!.lat + 0.0015 * (k % 3), fields: { gp_count: 2 } });
      t = process.hrtime.bigint();
      s = await scenarios.patch(s.id, { changes }, s.version, caller, 'bench');
      add('PATCH (scenario service)', ms(t));
      let t1 = process.hrtime.bigint();
      const overlay = await scenarios.overlay(s.id, caller);
      add('scenario resolved (overlay)', ms(t1));
      t1 = process.hrtime.bigint();
      await coverage.snapshot(overlay);
      add('coverage snapshot of the scenario', ms(t1));
      t1 = process.hrtime.bigint();
      const report = await access.accessibility(req(overlay));
      add('2SFCA report (AccessibilityService.accessibility)', ms(t1));
      t1 = process.hrtime.bigint();
      JSON.stringify(report);
      add('its JSON', ms(t1));
      add('edit → 2SFCA report, in all', ms(t));
    }
    if (process.env.PROF) {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(process.env.PROF, JSON.stringify(profile));
    }
    for (const [k, v] of Object.entries(times)) console.log(`${k}: median ${median(v).toFixed(1)} ms [${v.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`engines built during the edits: ${buildCounts.accessibilityEngines - built.accessibilityEngines} accessibility, ${buildCounts.coverageEngines - built.coverageEngines} coverage`);
  } finally {
    await db.close();
    await drop();
  }
}

await main();
