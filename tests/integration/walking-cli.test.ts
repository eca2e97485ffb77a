import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/templates.ts';

const BIN = path.join(ROOT, 'api/bin/lifecircle.js');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lifecircle-walk-cli-'));
const env = { ...process.env, DATABASE_URL: '', LIFECIRCLE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', timeout: 240_000 });
const fixture = (name: string) => path.join(ROOT, 'tests/fixtures/network', name);

// Each CLI run opens the embedded database anew: a generous limit for a loaded CI machine.
describe('lifecircle network and seed --area on the embedded database', { timeout: 240_000 }, () => {
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('When a GeoJSON street layer is imported, then its crossing lines are noded, the motorway is kept out, and the report says so', () => {
    const res = run('network', 'import', fixture('in/street-lines.geojson'));
    expect(res.status, res.stderr).toBe(0);
    const report = JSON.parse(res.stdout);
    expect(report).toMatchObject({ format: 'geojson', lines: 8, walkable: 6, not_walkable: 2, replaced: true, noding: { crossing_vertices: 1, joined_ends: 0 } });
    // The ladder's main part, its isolated footway, and the plus sign.
    expect(report.connectivity.components).toBe(3);
    expect(report.connectivity.isolated.map((i: any) => i.edges)).toEqual([4, 1]);
    expect(report.attribution).toBeNull();
  });

  it('When an OSM extract is imported (XML, then the same as PBF), then it replaces the lines and credits OpenStreetMap', () => {
    for (const file of ['london-service-way.osm', 'london-service-way.pbf']) {
      const res = run('network', 'import', fixture(`osm/${file}`));
      expect(res.status, res.stderr).toBe(0);
      const report = JSON.parse(res.stdout);
      expect(report).toMatchObject({ format: file.endsWith('pbf') ? 'pbf' : 'osm', lines: 1, walkable: 1, kinds: { service: { walkable: 1, notWalkable: 0 } } });
      expect(report.connectivity.edges).toBe(1);
      expect(report.attribution).toContain('OpenStreetMap');
    }
    const status = JSON.parse(run('network', 'status').stdout);
    expect(status.stale).toBe(false);
    expect(status.report.edges).toBe(1);
  });

  it('When the file is missing or of an unknown kind, then it exits 2 naming the problem and writes nothing', () => {
    const missing = run('network', 'import', fixture('in/nope.geojson'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read');
    const unknown = run('network', 'import', fixture('README.md'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--format');
  });

  it('When seeded with --area wudaokou, then the real area loads with estimated households, and walking covers less than the crow flies', () => {
    const seed = run('seed', '--area', 'wudaokou');
    expect(seed.status, seed.stderr).toBe(0);
    const report = JSON.parse(seed.stdout);
    expect(report).toMatchObject({ area: 'wudaokou', districts: 1, streets: 1 });
    expect(report.buildings).toBe(report.estimates.residential_buildings);
    expect(report.buildings).toBeGreaterThan(100);
    expect(report.attribution).toContain('OpenStreetMap');
    expect(report.connectivity.main.lengthShare).toBeGreaterThan(0.9);
    const walk = JSON.parse(run('coverage', '--type', 'fitness_ground', '--level', 'city', '--mode', 'walk', '--as-of', '2026-01-01').stdout);
    const straight = JSON.parse(run('coverage', '--type', 'fitness_ground', '--level', 'city', '--as-of', '2026-01-01').stdout);
    expect(walk.mode).toBe('walk');
    expect(walk.totals.households).toBe(straight.totals.households);
    expect(walk.totals.households_covered).toBeLessThan(straight.totals.households_covered);
  });
});
