import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../api/src/config.ts';
import type { Db } from '../../../api/src/db/connect.ts';
import { createApp } from '../../../api/src/http/app.ts';
import { buildOpenApi } from '../../../api/src/http/openapi.ts';
import { createLogger } from '../../../api/src/log.ts';

interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } }

/** Every (method, path) in the express route table under /api, in OpenAPI path syntax. */
function apiRoutes(stack: Layer[]): string[] {
  const out: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) out.push(`${method.toUpperCase()} ${layer.route.path.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
    } else if (layer.handle?.stack) {
      out.push(...apiRoutes(layer.handle.stack));
    }
  }
  return out;
}

describe('the route table and the OpenAPI document', () => {
  it('should document every API route, and document no route that does not exist', () => {
    const config = loadConfig({});
    // Building the app touches no database; a stand-in Db is enough to read its route table.
    const app = createApp({ db: {} as Db, config, log: createLogger('silent'), clientDir: '/nonexistent' });
    const root = (app as unknown as { router: { stack: Layer[] } }).router.stack;
    const api = root.find((l) => l.handle?.stack && apiRoutes(l.handle.stack).some((r) => r.endsWith(' /collections')))!;
    const routes = new Set(apiRoutes(api.handle!.stack!));
    const doc = buildOpenApi(config) as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)));
    expect([...routes].filter((r) => !documented.has(r)).sort()).toEqual([]);
    expect([...documented].filter((r) => !routes.has(r)).sort()).toEqual([]);
    expect(routes.size).toBeGreaterThan(20);
  });
});
