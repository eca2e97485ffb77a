/**
 * The PostGIS tile statements of two revisions, A/B in one process on the province (#19):
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/lifecircle_province \
 *     npx tsx bench/tiles-statements.ts [--before de24930^] [--zooms 12,13,14,16]
 *
 * For buildings, facilities and communities (no coverage), the tiles under 40 random buildings per zoom
 * (the sample of bench/province.ts), each cut by the revision's sql/queries/tile_*.sql (`git show`) and
 * by the working tree's, interleaved, twice each, one request at a time through postgres.js: p50 / p95
 * of each, and a check that both give the same bytes. Interleaving makes the ratio fair on a shared,
 * loaded machine, where absolute figures are not. Reads only. Results: docs/benchmarks.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { tileOfLonLat } from '../api/src/domain/geo/web-mercator-tile.ts';
import { quantile } from './lib.ts';

const flag = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const before = flag('--before') ?? 'de24930^';
const zooms = (flag('--zooms') ?? '12,13,14,16').split(',').map(Number);
const url = process.env.BENCH_DATABASE_URL;
if (!url) throw new Error('set BENCH_DATABASE_URL to the province database (read only)');

const sql = postgres(url, { max: 1, onnotice: () => {} });
try {
  const spots = await sql<{ lon: number; lat: number }[]>`SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM building ORDER BY md5(code) LIMIT 120`;
  console.log(`before = ${before}, after = working tree; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const layer of ['buildings', 'facilities', 'communities']) {
    const file = `sql/queries/tile_${layer}.sql`;
    const a = execFileSync('git', ['show', `${before}:${file}`], { encoding: 'utf8' });
    const b = readFileSync(new URL(`../${file}`, import.meta.url), 'utf8');
    for (const z of zooms) {
      const seen = new Set<string>();
      const tiles: Array<{ x: number; y: number }> = [];
      for (const s of spots) {
        const t = tileOfLonLat(s.lon, s.lat, z);
        if (seen.has(`${t.x}/${t.y}`)) continue;
        seen.add(`${t.x}/${t.y}`);
        tiles.push(t);
        if (tiles.length >= 40) break;
      }
      const ta: number[] = [];
      const tb: number[] = [];
      for (let round = 0; round < 2; round += 1) {
        for (const t of tiles) {
          const params = [z, t.x, t.y, 4096, 64, ...(layer === 'communities' ? [null] : [])] as never[];
          let t0 = performance.now();
          const [ra] = await sql.unsafe<Array<{ mvt: Uint8Array | null }>>(a, params);
          ta.push(performance.now() - t0);
          t0 = performance.now();
          const [rb] = await sql.unsafe<Array<{ mvt: Uint8Array | null }>>(b, params);
          tb.push(performance.now() - t0);
          if (Buffer.compare(Buffer.from(ra?.mvt ?? []), Buffer.from(rb?.mvt ?? [])) !== 0) throw new Error(`${layer} ${z}/${t.x}/${t.y}: the two statements give different tiles`);
        }
      }
      const f = (xs: number[]) => `${quantile(xs, 0.5).toFixed(1)} / ${quantile(xs, 0.95).toFixed(1)}`;
      console.log(`${layer.padEnd(12)} z${z} ${tiles.length} tiles ×2: before p50/p95 ${f(ta)} ms, after ${f(tb)} ms, same bytes`);
    }
  }
} finally {
  await sql.end();
}
