import { execFile as execFileCb, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Async so the in-process server keeps answering while GDAL waits on it.
const execFile = promisify(execFileCb);
const hasGdal = spawnSync('ogrinfo', ['--version']).status === 0;

describe.each(testBackends())('OGC API – Features on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ backend, seed: 'demo' });
  });
  afterAll(async () => server?.close());

  it('should link the landing page to the API definition, docs, conformance and data', async () => {
    const body = (await (await fetch(`${server.url}/api`)).json()) as { links: Array<{ rel: string; href: string }>; attribution: string | null };
    expect(body.attribution).toBeNull(); // the synthetic demo city needs no credit (Wudaokou's is OpenStreetMap's)
    expect(body.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'service-desc', 'service-doc', 'conformance', 'data']));
    for (const l of body.links) expect((await fetch(l.href)).status).toBe(200);
  });

  it('should declare Core, GeoJSON and OpenAPI 3.0 conformance', async () => {
    const body = (await (await fetch(`${server.url}/api/conformance`)).json()) as { conformsTo: string[] };
    expect(body.conformsTo).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
    ]));
  });

  it('should serve an OpenAPI 3.0 document and an interactive docs page that works offline', async () => {
    const res = await fetch(`${server.url}/api/openapi.json`);
    expect(res.headers.get('content-type')).toContain('application/vnd.oai.openapi+json');
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/collections/{collectionId}/items', '/coverage']));
    const page = await (await fetch(`${server.url}/api/docs`)).text();
    expect(page).toContain('swagger-ui');
    expect((await fetch(`${server.url}/api/docs/assets/swagger-ui-bundle.js`)).status).toBe(200);
  });

  it('should export a collection as UTF-8 CSV with WKT geometry and Chinese names intact', async () => {
    const res = await fetch(`${server.url}/api/collections/communities/items?f=csv&limit=10000`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const rows = parse(await res.text(), { columns: true }) as Array<Record<string, string>>;
    const [{ n } = { n: -1 }] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM community`;
    expect(rows).toHaveLength(n);
    expect(rows[0]!.wkt).toMatch(/^MULTIPOLYGON\(\(\(/);
    expect(rows.some((r) => /社区$/.test(r.name!))).toBe(true);
    const paged = await fetch(`${server.url}/api/collections/buildings/items?f=csv&limit=100`);
    expect(paged.headers.get('link')).toMatch(/offset=100.*rel="next"/);
    const viaAccept = await fetch(`${server.url}/api/collections/streets/items`, { headers: { accept: 'text/csv' } });
    expect(viaAccept.headers.get('content-type')).toContain('text/csv');
  });

  it('When f or Accept asks for something unavailable, then 400 names f, and 406 names Accept', async () => {
    const bad = await fetch(`${server.url}/api/collections/communities/items?f=kml`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.details.field).toBe('f');
    const none = await fetch(`${server.url}/api/collections`, { headers: { accept: 'application/xml' } });
    expect(none.status).toBe(406);
    expect(((await none.json()) as any).error.details.field).toBe('Accept');
  });

  it.skipIf(!hasGdal)("should be readable by GDAL's own OGC API client: ogrinfo lists the collections, ogr2ogr copies communities", async () => {
    const url = `OAPIF:${server.url}/api`;
    const { stdout: info } = await execFile('ogrinfo', ['-ro', url], { timeout: 60_000 });
    for (const id of ['districts', 'streets', 'communities', 'buildings', 'facilities']) expect(info).toContain(`${id} (title:`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lc-gdal-'));
    try {
      const out = path.join(dir, 'communities.gpkg');
      await execFile('ogr2ogr', ['-f', 'GPKG', out, url, 'communities'], { timeout: 120_000 });
      expect(existsSync(out)).toBe(true);
      const { stdout: summary } = await execFile('ogrinfo', ['-ro', '-so', out, 'communities']);
      const [{ n } = { n: -1 }] = await server.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM community`;
      expect(summary).toContain(`Feature Count: ${n}`);
      expect(summary).toMatch(/Geometry: Multi Polygon/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

