import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import { migrate, migrationStatus, readMigrations } from '../../api/src/db/migrate.ts';
import { generateCity } from '../../seeds/demo-city/generate.ts';
import { openTestDb, testBackends } from '../helpers/db.ts';

describe.each(testBackends())('schema and demo city on %s', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(backend, 'demo');
  });
  afterAll(async () => {
    await db?.close();
  });

  it('should have every migration applied, and applying again should do nothing', async () => {
    const all = (await readMigrations()).map((m) => m.id);
    expect(await migrationStatus(db.sql)).toEqual({ applied: all, pending: [] });
    expect(await migrate(db)).toEqual([]);
  });

  it('should hold exactly the generated demo city', async () => {
    const city = generateCity();
    const [counts] = await db.sql<Record<string, number>[]>`
      SELECT (SELECT count(*)::int FROM district) AS districts, (SELECT count(*)::int FROM street) AS streets,
             (SELECT count(*)::int FROM community) AS communities, (SELECT count(*)::int FROM building) AS buildings,
             (SELECT count(*)::int FROM facility) AS facilities, (SELECT count(*)::int FROM network_edge) AS network,
             (SELECT sum(households)::int FROM community) AS households`;
    expect(counts).toEqual({
      districts: city.districts.length,
      streets: city.streets.length,
      communities: city.communities.features.length,
      buildings: city.buildings.features.length,
      facilities: city.facilities.features.length,
      network: city.network.features.length + city.barriers.features.length,
      households: city.communities.features.reduce((s, f) => s + f.properties.households, 0),
    });
    expect(city.districts.some((d) => d.kind === 'county')).toBe(true);
    expect(counts!.districts).toBeGreaterThanOrEqual(3);
  });

  it('should store geometries valid, in SRID 4326, with GiST indexes on every geometry column', async () => {
    const [bad] = await db.sql<{ n: number }[]>`
      SELECT count(*)::int AS n FROM community WHERE NOT ST_IsValid(geom) OR ST_SRID(geom) <> 4326`;
    expect(bad!.n).toBe(0);
    const idx = await db.sql<{ tablename: string }[]>`
      SELECT tablename FROM pg_indexes WHERE indexdef ILIKE '%USING gist%' ORDER BY tablename`;
    // Every base table with a geometry column (as PostGIS lists them), and none forgotten in a new migration.
    const withGeometry = await db.sql<{ name: string }[]>`
      SELECT DISTINCT g.f_table_name AS name FROM geometry_columns g
      JOIN pg_class c ON c.relname = g.f_table_name AND c.relkind = 'r'
      WHERE g.f_table_schema = 'public' ORDER BY 1`;
    expect(withGeometry.map((r) => r.name)).toEqual(expect.arrayContaining(['building', 'community', 'facility', 'network_edge', 'network_link', 'network_node']));
    expect([...new Set(idx.map((r) => r.tablename))]).toEqual(withGeometry.map((r) => r.name));
  });

  it('should derive each street shape as the union of its communities (same area on the ellipsoid)', async () => {
    const rows = await db.sql<{ code: string; derived: boolean; street_m2: number; communities_m2: number }[]>`
      SELECT s.code, s.geom_derived AS derived, ST_Area(s.geom::geography) AS street_m2,
             (SELECT sum(ST_Area(c.geom::geography)) FROM community c WHERE c.street_code = s.code) AS communities_m2
      FROM street_shape s`;
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) {
      expect(r.derived).toBe(true);
      // Communities tile their street without overlap, so the union's area equals the sum of areas.
      expect(Math.abs(r.street_m2 - r.communities_m2) / r.communities_m2).toBeLessThan(1e-6);
    }
    const [d] = await db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM district_shape WHERE geom IS NULL`;
    expect(d!.n).toBe(0);
  });

  describe('constraints that reject what cannot be true', () => {
    const point = `SRID=4326;POINT(118.05 36.8)`;
    const square = `SRID=4326;MULTIPOLYGON(((118 36,118.01 36,118.01 36.01,118 36.01,118 36)))`;
    const cases: Array<[string, string, unknown[]]> = [
      ['negative households', `INSERT INTO building (code, households, geom) VALUES ('B-neg', -1, $1)`, [point]],
      ['an unknown facility type', `INSERT INTO facility (code, name, type, geom) VALUES ('F-x', 'x', 'no_such_type', $1)`, [point]],
      ['a community in a street that does not exist', `INSERT INTO community (code, name, street_code, households, population, geom) VALUES ('C-x', 'x', 'NO_STREET', 10, 20, $1)`, [square]],
      ['more elderly than people', `INSERT INTO community (code, name, street_code, households, population, elderly, geom) SELECT 'C-y', 'y', code, 10, 20, 30, $1 FROM street LIMIT 1`, [square]],
      ['a self-intersecting community', `INSERT INTO community (code, name, street_code, households, population, geom) SELECT 'C-z', 'z', code, 10, 20, 'SRID=4326;MULTIPOLYGON(((0 0,1 1,1 0,0 1,0 0)))' FROM street LIMIT 1`, []],
      ['a closing date before the opening date', `INSERT INTO facility (code, name, type, opened_on, closed_on, geom) VALUES ('F-d', 'd', 'health_station', '2010-01-01', '2009-01-01', $1)`, [point]],
      ['an unknown facility status', `INSERT INTO facility (code, name, type, status, geom) VALUES ('F-s', 's', 'health_station', 'demolished', $1)`, [point]],
      ['a district of unknown kind', `INSERT INTO district (code, name, kind) VALUES ('DX', 'x', 'province')`, []],
    ];
    it.each(cases)('should reject %s', async (_label, statement, params) => {
      await expect(db.sql.unsafe(statement, params as never[])).rejects.toThrow();
    });
  });

  it('should bump the data version on every write', async () => {
    const [before] = await db.sql<{ v: string }[]>`SELECT version::text AS v FROM data_version`;
    await db.sql`UPDATE community SET name = name WHERE code = (SELECT min(code) FROM community)`;
    const [after] = await db.sql<{ v: string }[]>`SELECT version::text AS v FROM data_version`;
    expect(BigInt(after!.v)).toBe(BigInt(before!.v) + 1n);
  });
});
