import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../api/src/db/connect.ts';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, TEST_USERS, type TestServer } from '../helpers/server.ts';
import { ROOT } from '../helpers/templates.ts';

const FIXTURES = path.join(ROOT, 'tests/fixtures/imports');
const MEDIA: Record<string, string> = { '.geojson': 'application/geo+json', '.csv': 'text/csv; charset=utf-8', '.zip': 'application/zip' };

interface InvalidCase { file: string; collection: string; field: string; reason: string | { regex: string }; crs?: string }
const INVALID: InvalidCase[] = JSON.parse(readFileSync(path.join(FIXTURES, 'invalid/manifest.json'), 'utf8'));

/** Known WGS 84 positions of the GCJ-02/BD-09 fixtures (see tests/fixtures/imports/make-fixtures.ts). */
const KNOWN: Record<string, [number, number]> = {
  'IMP-F01': [116.391275, 39.907245], 'IMP-F02': [116.383, 39.902], 'IMP-B01': [116.391275, 39.907245], 'IMP-B02': [116.383, 39.902],
};

/** Row counts and an md5 over every row (ordered by key) of each table, and the data version. */
async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables: Array<[string, string]> = [
    ['district', 'code'], ['street', 'code'], ['community', 'code'], ['building', 'code'], ['facility_type', 'code'],
    ['facility', 'code'], ['network_edge', 'id'], ['audit_log', 'id'], ['app_state', 'key'],
  ];
  const out: Record<string, string> = {};
  for (const [table, key] of tables) {
    const [row] = await db.sql<{ n: number; md5: string }[]>`
      SELECT count(*)::int AS n, md5(COALESCE(string_agg(t::text, '|' ORDER BY t.${db.sql(key)}), '')) AS md5 FROM ${db.sql(table)} t`;
    out[table] = `${row!.n}:${row!.md5}`;
  }
  const [v] = await db.sql<{ version: string }[]>`SELECT version::text FROM data_version`;
  out.data_version = v!.version;
  return out;
}

describe.each(testBackends())('imports on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  const post = async (file: string, query: string, body?: string | Buffer) => {
    const full = path.join(FIXTURES, file);
    const res = await fetch(`${server.url}/api/imports?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': MEDIA[path.extname(file)]!, ...server.auth.planner },
      body: body ?? readFileSync(full),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const distanceToKnown = async (table: 'facility', code: string) => {
    const [lon, lat] = KNOWN[code]!;
    const [row] = await server.db.sql<{ m: number }[]>`
      SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)::geography) AS m
      FROM ${server.db.sql(table)} WHERE code = ${code}`;
    return row?.m;
  };

  describe('When a file has one fault', () => {
    let before: Record<string, string>;
    beforeAll(async () => {
      before = await fingerprint(server.db);
    });

    it('should have at least 10 different faulty fixtures', () => {
      expect(new Set(INVALID.map((c) => c.field.replace(/\[\d+\]/g, '[]'))).size).toBeGreaterThanOrEqual(10);
    });

    it.each(INVALID.map((c) => [c.file, c] as const))('%s → 422 naming the field, nothing written', async (_file, c) => {
      const { status, body } = await post(`invalid/${c.file}`, `collection=${c.collection}${c.crs ? `&crs=${c.crs}` : ''}`);
      expect(status).toBe(422);
      expect(body.error.code).toBe('validation_failed');
      expect(body.error.details).toMatchObject({ collection: c.collection, dry_run: false, written: false, inserted: 0, updated: 0 });
      expect(body.error.details.error_count).toBe(1);
      const entry = body.error.details.errors[0];
      expect(entry.field).toBe(c.field);
      expect(body.error.details.field).toBe(c.field);
      if (typeof c.reason === 'string') expect(entry.reason).toContain(c.reason);
      else expect(entry.reason).toMatch(new RegExp(c.reason.regex));
      expect(await fingerprint(server.db)).toEqual(before);
    });
  });

  describe('When files are valid', () => {
    it('should import GeoJSON communities, warn about a small one, and then update them by code', async () => {
      const first = await post('valid/communities.geojson', 'collection=communities');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ collection: 'communities', format: 'geojson', crs: 'EPSG:4326', crs_source: 'default', rows: 3, inserted: 3, updated: 0, written: true, error_count: 0 });
      expect(first.body.warnings).toEqual([expect.objectContaining({ row: 2, field: 'features[2].properties.households', severity: 'warning' })]);

      const text = readFileSync(path.join(FIXTURES, 'valid/communities.geojson'), 'utf8').replace('"IMP-C01社区"', '"改名社区"');
      const second = await post('valid/communities.geojson', 'collection=communities', text);
      expect(second.body).toMatchObject({ inserted: 0, updated: 3, written: true });
      const [c] = await server.db.sql<{ name: string; version: number }[]>`SELECT name, version FROM community WHERE code = 'IMP-C01'`;
      expect(c).toEqual({ name: '改名社区', version: 2 });
      const audit = await server.db.sql<{ actor: string; collection: string; before: any; after: any }[]>`
        SELECT actor, collection, before, after FROM audit_log WHERE action = 'import' AND code = 'IMP-C01' ORDER BY id`;
      expect(audit).toHaveLength(2);
      expect(audit[0]).toMatchObject({ actor: TEST_USERS.planner.name, collection: 'communities', before: null, after: { type: 'Feature', id: 'IMP-C01', properties: { name: 'IMP-C01社区' } } });
      expect(audit[1]).toMatchObject({ before: { properties: { name: 'IMP-C01社区' } }, after: { properties: { name: '改名社区' } } });
    });

    it('should give buildings without codes a code and the community that covers them', async () => {
      const { status, body } = await post('valid/buildings.geojson', 'collection=buildings');
      expect(status).toBe(200);
      expect(body).toMatchObject({ inserted: 3, written: true });
      expect(body.warnings).toEqual(expect.arrayContaining([
        expect.objectContaining({ row: 1, field: 'features[1].properties.note', severity: 'warning' }),
        expect.objectContaining({ row: 2, field: 'features[2].geometry', reason: expect.stringContaining('no community') }),
      ]));
      const rows = await server.db.sql<{ community_code: string | null; households: number; properties: Record<string, unknown> }[]>`
        SELECT community_code, households, properties FROM building WHERE code LIKE 'B-%' ORDER BY households DESC`;
      expect(rows).toEqual([
        { community_code: 'IMP-C01', households: 120, properties: {} },
        { community_code: 'IMP-C02', households: 80, properties: { note: '旧楼' } },
        { community_code: null, households: 40, properties: {} },
      ]);
      const again = await post('valid/buildings.geojson', 'collection=buildings');
      expect(again.body).toMatchObject({ inserted: 0, updated: 3 });
    });

    it('should land GCJ-02 (Amap) coordinates within 1 m of the true WGS 84 position', async () => {
      const { status, body } = await post('valid/facilities-gcj02.csv', 'collection=facilities&crs=gcj02');
      expect(status).toBe(200);
      expect(body).toMatchObject({ crs: 'GCJ-02', crs_source: 'parameter', inserted: 2 });
      for (const code of ['IMP-F01', 'IMP-F02']) expect(await distanceToKnown('facility', code)).toBeLessThan(1);
    });

    it('should land BD-09 (Baidu) coordinates within 1 m of the true WGS 84 position', async () => {
      const { body } = await post('valid/facilities-bd09.csv', 'collection=facilities&crs=bd09');
      expect(body).toMatchObject({ crs: 'BD-09', inserted: 2 });
      for (const code of ['IMP-B01', 'IMP-B02']) expect(await distanceToKnown('facility', code)).toBeLessThan(1);
    });

    it('should read facilities from WKT with their fields', async () => {
      const { body } = await post('valid/facilities-wkt.csv', 'collection=facilities');
      expect(body).toMatchObject({ inserted: 2, written: true });
      const rows = await server.db.sql`SELECT code, status, opened_on, beds, gp_count, ST_AsText(geom) AS wkt FROM facility WHERE code IN ('IMP-F10', 'IMP-F11') ORDER BY code`;
      expect(rows).toEqual([
        { code: 'IMP-F10', status: 'open', opened_on: '2019-05-01', beds: 120, gp_count: null, wkt: 'POINT(116.3975 39.899)' },
        { code: 'IMP-F11', status: 'planned', opened_on: null, beds: null, gp_count: null, wkt: 'POINT(116.392 39.896)' },
      ]);
    });

    it('should import a district and its streets from one attribute-only CSV, shapes derived', async () => {
      const { status, body } = await post('valid/districts-streets.csv', 'collection=districts');
      expect(status).toBe(200);
      expect(body).toMatchObject({ rows: 3, inserted: 3 });
      const streets = await server.db.sql`SELECT code, kind, district_code, geom_derived FROM street_shape WHERE district_code = 'IMP-D1' ORDER BY code`;
      expect(streets).toEqual([
        { code: 'IMP-D1S1', kind: 'street', district_code: 'IMP-D1', geom_derived: true },
        { code: 'IMP-D1S2', kind: 'township', district_code: 'IMP-D1', geom_derived: true },
      ]);
    });

    it('should honour the .prj of a zipped shapefile in EPSG:4547 (corners within 1 cm)', async () => {
      const { status, body } = await post('valid/communities-epsg4547.zip', 'collection=communities');
      expect(status).toBe(200);
      expect(body).toMatchObject({ format: 'shapefile', crs_source: 'file', rows: 2, inserted: 2 });
      expect(body.crs).toContain('CGCS2000');
      const [row] = await server.db.sql<{ m: number; name: string; street_code: string }[]>`
        SELECT name, street_code, ST_Distance(ST_PointN(ST_ExteriorRing(ST_GeometryN(geom, 1)), 1)::geography,
               ST_SetSRID(ST_MakePoint(114.3, 30.59), 4326)::geography) AS m
        FROM community WHERE code = 'IMP-W01'`;
      expect(row).toMatchObject({ name: '江汉社区', street_code: 'D01S02' });
      expect(row!.m).toBeLessThan(0.01);
    });

    it('When it is a dry run, then it reports what it would do and writes nothing', async () => {
      const before = await fingerprint(server.db);
      const text = readFileSync(path.join(FIXTURES, 'valid/facilities-wkt.csv'), 'utf8').replace(/IMP-F1/g, 'DRY-F1');
      const { status, body } = await post('valid/facilities-wkt.csv', 'collection=facilities&dry_run=true', text);
      expect(status).toBe(200);
      expect(body).toMatchObject({ dry_run: true, written: false, inserted: 2, updated: 0, error_count: 0 });
      expect(await fingerprint(server.db)).toEqual(before);
    });
  });

  describe('When the request itself is wrong', () => {
    it.each([
      ['', 'text/csv', 400, 'collection'],
      ['collection=parks', 'text/csv', 400, 'collection'],
      ['collection=facilities&crs=mars', 'text/csv', 400, 'crs'],
      ['collection=facilities&dry_run=maybe', 'text/csv', 400, 'dry_run'],
      ['collection=facilities', 'text/plain', 415, 'Content-Type'],
    ])('%s as %s → %i naming %s', async (query, type, status, field) => {
      const res = await fetch(`${server.url}/api/imports?${query}`, { method: 'POST', headers: { 'Content-Type': type, ...server.auth.planner }, body: 'code,name\n' });
      expect(res.status).toBe(status);
      expect(((await res.json()) as any).error.details.field).toBe(field);
    });
  });
});
