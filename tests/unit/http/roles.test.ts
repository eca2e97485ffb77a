import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import http from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../api/src/config.ts';
import type { Db } from '../../../api/src/db/connect.ts';
import { createApp } from '../../../api/src/http/app.ts';
import { buildOpenApi } from '../../../api/src/http/openapi.ts';
import { errorHandler } from '../../../api/src/http/errors.ts';
import { hasRole, ROLES, type Principal, type Role } from '../../../api/src/auth/principal.ts';
import { AuthError, authenticate, type Authenticator } from '../../../api/src/auth/authenticate.ts';
import { createOperationMatcher, operationRoles, requireRoles } from '../../../api/src/auth/access.ts';
import { rolesTable, SECURITY_DOC, tableIn } from '../../../api/src/http/roles-table.ts';
import { createLogger } from '../../../api/src/log.ts';

interface Layer {
  route?: { path: string; methods: Record<string, boolean>; stack: Array<{ handle: (...args: unknown[]) => unknown }> };
  handle?: { stack?: Layer[] };
}
interface RouteRef { method: string; path: string; layer: NonNullable<Layer['route']> }

/** Every (method, express path) under the app's routers, with its route layer. */
function routesOf(stack: Layer[]): RouteRef[] {
  return stack.flatMap((layer): RouteRef[] => {
    if (layer.route) return Object.keys(layer.route.methods).map((m) => ({ method: m.toUpperCase(), path: layer.route!.path, layer: layer.route! }));
    return layer.handle?.stack ? routesOf(layer.handle.stack) : [];
  });
}

const PRINCIPALS: Record<Role, Principal | undefined> = {
  public: undefined,
  planner: { role: 'planner', user: 'stand-in-planner', via: 'token' },
  admin: { role: 'admin', user: 'stand-in-admin', via: 'token' },
};
const HEADERS: Record<Role, Record<string, string>> = { public: {}, planner: { authorization: 'Bearer planner' }, admin: { authorization: 'Bearer admin' } };

/** Bearer "planner" / "admin" stand for logged-in users; anything else presented is refused. */
const standIn: Authenticator = {
  async principal(c) {
    if (c.kind === 'none') return undefined;
    if (c.kind === 'bearer' && (c.token === 'planner' || c.token === 'admin')) return PRINCIPALS[c.token];
    throw new AuthError('not a stand-in credential');
  },
};

/** A concrete URL for an express path: parameters filled with plausible values. */
function concrete(path: string): string {
  const values: Record<string, string> = { collectionId: 'buildings', collection: 'buildings', featureId: 'B1', z: '0', x: '0', y: '0' };
  return path.replace(/:([A-Za-z_]+)/g, (_m, name: string) => values[name] ?? 'x1');
}

async function listen(app: express.Express): Promise<{ base: string; close: () => Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const config = loadConfig({});
const doc = buildOpenApi(config) as { paths: Record<string, Record<string, unknown>> };

describe('roles in the OpenAPI document', () => {
  it('should give every operation a valid x-role and the matching security entry', () => {
    const ops = operationRoles(doc);
    expect(ops.length).toBeGreaterThan(30);
    expect(ops.filter((op) => op.declared === undefined).map((op) => `${op.method} ${op.path}`)).toEqual([]);
    for (const op of ops) {
      const security = (doc.paths[op.path]![op.method.toLowerCase()] as { security?: unknown[] }).security;
      expect(security, `${op.method} ${op.path}`).toEqual(op.role === 'public' ? [{}, { bearerAuth: [] }, { apiKeyAuth: [] }] : [{ bearerAuth: [] }, { apiKeyAuth: [] }]);
    }
  });

  it('should keep the roles table of docs/security.md equal to the document (regenerate: npx tsx api/src/http/roles-table.ts)', () => {
    expect(tableIn(readFileSync(SECURITY_DOC, 'utf8'))).toBe(rolesTable(doc));
  });

  it('should match literal paths before templates, HEAD as GET, case-insensitively and with a trailing slash', () => {
    const match = createOperationMatcher({ paths: {
      '/users/{name}': { get: { 'x-role': 'admin' } },
      '/users/me': { get: { 'x-role': 'public' } },
      '/tiles/{c}.json': { get: { 'x-role': 'public' } },
    } });
    expect(match('GET', '/users/me')?.role).toBe('public');
    expect(match('HEAD', '/users/wang')?.role).toBe('admin');
    expect(match('GET', '/USERS/wang/')?.role).toBe('admin');
    expect(match('GET', '/tiles/buildingsXjson')).toBeUndefined(); // the dot is literal
    expect(match('POST', '/users/me')).toBeUndefined();
  });
});

describe('every route enforces its declared role, before any handler runs', () => {
  const ran = new Set<string>();
  let server: Awaited<ReturnType<typeof listen>>;
  let routes: RouteRef[];

  beforeAll(async () => {
    // A stand-in Db: a handler that gets to run and touches it fails (500), which is fine here.
    const app = createApp({ db: {} as Db, config, log: createLogger('silent'), clientDir: '/nonexistent', authenticator: standIn });
    routes = routesOf((app as unknown as { router: { stack: Layer[] } }).router.stack);
    for (const r of routes) {
      for (const layer of r.layer.stack) {
        const original = layer.handle;
        layer.handle = function (this: unknown, req: unknown, res: unknown, next: unknown) {
          ran.add(`${r.method} ${r.path}`);
          return original.call(this, req, res, next);
        };
      }
    }
    server = await listen(app);
  });
  afterAll(async () => server?.close());

  it('should answer 401 to anonymous callers and 403 to weaker roles on each route, and reach the handler otherwise', async () => {
    const match = createOperationMatcher(doc);
    const checked: string[] = [];
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      const op = match(r.method, concrete(r.path));
      expect(op, `${key} is not in the OpenAPI document`).toBeDefined();
      for (const caller of ROLES) {
        ran.clear();
        const res = await fetch(`${server.base}/api${concrete(r.path)}`, {
          method: r.method,
          headers: { ...HEADERS[caller], ...(r.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
          ...(r.method === 'GET' || r.method === 'DELETE' ? {} : { body: '{}' }),
        });
        await res.arrayBuffer();
        if (hasRole(caller, op!.role)) {
          // The handler ran, so the gate let it through (what the handler answers is its own business:
          // login answers 401 to an empty body).
          expect(ran.has(key), `${caller} should reach ${key} (got ${res.status})`).toBe(true);
        } else {
          expect(ran.has(key), `${caller} must not reach ${key}`).toBe(false);
          expect(res.status, `${caller} on ${key}`).toBe(caller === 'public' ? 401 : 403);
          if (caller === 'public') expect(res.headers.get('www-authenticate')).toContain('Bearer');
          const body = (await fetch(`${server.base}/api${concrete(r.path)}`, { method: r.method, headers: HEADERS[caller] }).then((x) => x.json())) as { error: { code: string } };
          expect(body.error.code).toBe(caller === 'public' ? 'unauthorized' : 'forbidden');
        }
        checked.push(`${caller} ${key}`);
      }
    }
    expect(checked.length).toBe(routes.length * 3);
    // Each role is below some route: the test is not vacuous.
    expect(routes.some((r) => match(r.method, concrete(r.path))?.role === 'admin')).toBe(true);
    expect(routes.some((r) => match(r.method, concrete(r.path))?.role === 'planner')).toBe(true);
  });

  it('should refuse credentials it cannot verify with 401 even on public routes', async () => {
    const res = await fetch(`${server.base}/api/collections`, { headers: { authorization: 'Bearer forged' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('invalid_token');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
  });
});

describe('deny by default', () => {
  it('should let only admins through an operation without x-role, and hide routes missing from the document', async () => {
    const reached: string[] = [];
    const app = express();
    app.use(authenticate(standIn));
    app.use(requireRoles({ paths: { '/forgotten': { post: { summary: 'no x-role' } } } }));
    app.post('/forgotten', (_req, res) => void (reached.push('forgotten'), res.json({ ok: true })));
    app.get('/undocumented', (_req, res) => void (reached.push('undocumented'), res.json({ ok: true })));
    app.use(errorHandler(createLogger('silent')));
    const server = await listen(app);
    try {
      const status = async (method: string, path: string, role: Role) => (await fetch(`${server.base}${path}`, { method, headers: HEADERS[role] })).status;
      expect(await status('POST', '/forgotten', 'public')).toBe(401);
      expect(await status('POST', '/forgotten', 'planner')).toBe(403);
      expect(await status('GET', '/undocumented', 'public')).toBe(404);
      expect(await status('GET', '/undocumented', 'planner')).toBe(404);
      expect(reached).toEqual([]);
      expect(await status('POST', '/forgotten', 'admin')).toBe(200);
      expect(await status('GET', '/undocumented', 'admin')).toBe(200);
      expect(reached).toEqual(['forgotten', 'undocumented']);
    } finally {
      await server.close();
    }
  });
});
