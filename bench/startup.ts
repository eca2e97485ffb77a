/**
 * Start-up as a person feels it (issue #14 item 5): `lifecircle serve` on a fresh data directory (first
 * start: create the embedded database, migrate, seed the demo city) and on the same directory again (warm
 * start), each timed from spawn to the first `/api/health` 200. Baseline, in the same process: a bare
 * PGlite + PostGIS open of the same directory (what no server start can beat).
 *
 *   npx tsx bench/startup.ts [warm-runs=3]
 *
 * LIFECIRCLE_CACHE_DIR is kept (the PostGIS bundle is unpacked once per machine); set it to a fresh
 * directory to include that too.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../api/src/db/connect.ts';
import { median, ms } from './lib.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const runs = Number(process.argv[2] ?? 3);
const root = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-startup-'));
const dataDir = path.join(root, 'pglite');

/** Spawns `serve`, returns ms to the first healthy answer and the log's phase lines; then stops it. */
async function serve(port: number): Promise<{ ms: number; phases: string[] }> {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [path.join(ROOT, 'api/bin/lifecircle.js'), 'serve', '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: '', LIFECIRCLE_DATA_DIR: dataDir, LOG_LEVEL: 'info', HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const phases: string[] = [];
  child.stderr.on('data', (d: Buffer) => {
    for (const line of d.toString().split('\n')) {
      const m = /"msg":"([^"]+)"/.exec(line);
      if (m && !m[1]!.startsWith('request')) phases.push(`${(ms(t0) / 1000).toFixed(1)} s ${m[1]}`);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200) break;
    } catch {
      // not yet listening
    }
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const took = ms(t0);
  child.kill('SIGTERM');
  await exited;
  return { ms: took, phases };
}

const port = 39_000 + (process.pid % 1000);
console.log(`node ${process.version}; ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const first = await serve(port);
console.log(`first start (create + migrate + seed): ${(first.ms / 1000).toFixed(1)} s`);
for (const p of first.phases) console.log(`  ${p}`);
const warm: number[] = [];
for (let i = 0; i < runs; i++) warm.push((await serve(port)).ms);
const bare: number[] = [];
for (let i = 0; i < runs; i++) {
  const t0 = process.hrtime.bigint();
  const db = await openDatabase({ dataDir });
  await db.sql`SELECT postgis_version()`;
  bare.push(ms(t0));
  await db.close();
}
const w = median(warm);
const b = median(bare);
console.log(`warm start to /api/health 200: median ${(w / 1000).toFixed(2)} s of ${runs} (${warm.map((x) => (x / 1000).toFixed(2)).join(', ')})`);
console.log(`baseline, bare PGlite + PostGIS open of the same directory: median ${(b / 1000).toFixed(2)} s; warm start = ${(w / b).toFixed(2)}× baseline`);
rmSync(root, { recursive: true, force: true });
