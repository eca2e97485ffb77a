import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tileOfLonLat } from '../../api/src/domain/geo/web-mercator-tile.ts';
import { testBackends } from '../helpers/db.ts';
import { startRoleServer } from '../helpers/role-server.ts';

const AS_OF = '2026-01-01';
const TYPE = 'health_station';

/** A raw GET (no automatic decoding): status, headers and the bytes as sent. */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe.each(testBackends())('#16 speed over the wire on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startRoleServer>>;
  beforeAll(async () => {
    server = await startRoleServer(backend);
  });
  afterAll(async () => server?.close());
  const coverageUrl = () => `${server.url}/api/coverage?type=${TYPE}&level=community&as_of=${AS_OF}`;

  it('When a client accepts gzip, then /api/coverage answers Content-Encoding: gzip whose body inflates to the same JSON as the plain answer', async () => {
    const plain = await rawGet(coverageUrl(), { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await rawGet(coverageUrl(), { 'accept-encoding': 'gzip' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['vary']).toMatch(/accept-encoding/i);
    const inflated = gunzipSync(zipped.bytes);
    expect(JSON.parse(inflated.toString('utf8'))).toEqual(JSON.parse(plain.bytes.toString('utf8')));
    expect(zipped.bytes.length).toBeLessThan(plain.bytes.length / 3);
  });

  it('When a client accepts brotli, then GeoJSON, CSV and vector tiles come compressed too and decode to the plain answer', async () => {
    const [centre] = await server.db.sql<{ lon: number; lat: number }[]>`SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom))) AS lat FROM community`;
    const { x, y } = tileOfLonLat(centre!.lon, centre!.lat, 13);
    const urls = [
      `${server.url}/api/tiles/communities/13/${x}/${y}.mvt`,
      `${server.url}/api/coverage?type=${TYPE}&level=street&as_of=${AS_OF}&format=geojson`,
      `${server.url}/api/coverage?type=${TYPE}&level=community&as_of=${AS_OF}&format=csv`,
      `${server.url}/api/collections/communities/items?limit=50`,
    ];
    for (const url of urls) {
      const plain = await rawGet(url);
      const br = await rawGet(url, { 'accept-encoding': 'br' });
      expect([url, br.status, br.headers['content-encoding']]).toEqual([url, 200, 'br']);
      const decoded = brotliDecompressSync(br.bytes);
      const json = (b: Buffer) => ({ ...JSON.parse(b.toString('utf8')), timeStamp: undefined }); // OGC items carry the time of the answer
      if (String(br.headers['content-type']).includes('json')) expect(json(decoded)).toEqual(json(plain.bytes));
      else expect(decoded.equals(plain.bytes)).toBe(true);
    }
  });
});
