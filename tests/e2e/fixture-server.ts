// TEMPORARY stand-in for tests/helpers/server.ts while the API is being written: serves
// map-client/dist and the fixture collections in tests/fixtures/map-client/ with the same
// `{ url, close }` shape as startTestServer. Delete once the real helper exists.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../map-client/dist/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/map-client/', import.meta.url));
const COLLECTIONS = new Set(['districts', 'streets', 'communities', 'facilities', 'facility-types']);
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

export async function startFixtureServer(options: { seed?: 'demo' | 'empty' } = {}): Promise<{ url: string; close(): Promise<void> }> {
  const empty = options.seed === 'empty';
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const send = (status: number, type: string, body: string | Buffer) => {
      response.writeHead(status, { 'content-type': type });
      response.end(body);
    };
    const fail = (status: number, code: string, message: string) =>
      send(status, 'application/json', JSON.stringify({ error: { code, message } }));
    void (async () => {
      const collection = /^\/api\/collections\/([\w-]+)\/items$/.exec(path)?.[1];
      if (path === '/api/health') return send(200, 'application/json', '{"status":"ok"}');
      if (collection !== undefined) {
        if (!COLLECTIONS.has(collection)) return fail(404, 'not_found', `no collection ${collection}`);
        if (empty && collection !== 'facility-types') {
          return send(200, 'application/geo+json', '{"type":"FeatureCollection","features":[],"links":[]}');
        }
        return send(200, 'application/geo+json', await readFile(join(FIXTURES, `${collection}.json`)));
      }
      if (path.startsWith('/api/')) return fail(404, 'not_found', `no route ${path}`);
      const file = normalize(join(DIST, path === '/' ? 'index.html' : path));
      if (!file.startsWith(DIST)) return fail(403, 'forbidden', 'outside dist');
      try {
        return send(200, TYPES[extname(file)] ?? 'application/octet-stream', await readFile(file));
      } catch {
        return fail(404, 'not_found', `no file ${path}`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
