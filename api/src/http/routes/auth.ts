import { Router, type Request, type RequestHandler } from 'express';
import type { TokenSigner } from '../../auth/tokens.ts';
import type { UserRecord, UserStore } from '../../auth/users.ts';
import { checkUserName } from '../../auth/users.ts';
import { unauthorized } from '../../auth/authenticate.ts';
import { InputError } from '../../services/errors.ts';
import { ApiError } from '../../errors.ts';
import { actorOf, principalOf } from '../../auth/principal.ts';

/** The body as an object, or 400 naming `body`. */
function objectBody(req: Request): Record<string, unknown> {
  const body = req.body as unknown;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError('invalid_parameter', 'body: must be a JSON object sent as application/json', { field: 'body' });
  }
  return body as Record<string, unknown>;
}

/** Refuses members other than `allowed`, so a typo (`passwd`) is not silently ignored. */
function onlyKeys(body: Record<string, unknown>, allowed: readonly string[]): void {
  const extra = Object.keys(body).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw new InputError(extra, `is not accepted here; send ${allowed.join(', ')}`);
}

async function tokenAnswer(tokens: TokenSigner, user: Pick<UserRecord, 'id' | 'name' | 'role' | 'tokenEpoch'>) {
  const { token, expiresAt } = await tokens.issue({ sub: user.name, uid: user.id, role: user.role, epoch: user.tokenEpoch });
  return { token, token_type: 'Bearer', expires_at: expiresAt, user: { name: user.name, role: user.role } };
}

/**
 * Login, who-am-I and password change (`/auth/…`), accounts (`/users…`) and API keys (`/keys…`).
 * Roles are enforced by the access middleware from the OpenAPI `x-role` of each operation.
 */
export function authRoutes(users: UserStore, tokens: TokenSigner, loginLimit: RequestHandler): Router {
  const router = Router();
  const noStore: RequestHandler = (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };

  router.post('/auth/login', loginLimit, noStore, async (req, res) => {
    const body = objectBody(req);
    onlyKeys(body, ['name', 'password']);
    const user = await users.checkPassword(body.name, body.password);
    // One answer for an unknown name, a wrong password and a disabled account.
    if (!user) throw unauthorized(res, 'name or password is wrong (or the account is disabled)');
    res.json(await tokenAnswer(tokens, user));
  });

  router.get('/auth/me', noStore, (req, res) => {
    const p = principalOf(req);
    res.json({ user: p.user, role: p.role, via: p.via, ...(p.keyId ? { key_id: p.keyId } : {}) });
  });

  router.put('/auth/password', noStore, async (req, res) => {
    const p = principalOf(req);
    const body = objectBody(req);
    onlyKeys(body, ['current_password', 'new_password']);
    const user = await users.checkPassword(p.user, body.current_password);
    if (!user) throw new InputError('current_password', 'is wrong');
    await users.setPassword(user.name, body.new_password, actorOf(req));
    res.json(await tokenAnswer(tokens, (await users.find(user.name))!));
  });

  router.get('/users', noStore, async (_req, res) => {
    res.json({ users: await users.list() });
  });

  router.post('/users', noStore, async (req, res) => {
    const body = objectBody(req);
    onlyKeys(body, ['name', 'role', 'password']);
    const created = await users.add({ name: body.name, role: body.role, password: body.password ?? null }, actorOf(req));
    res.status(201).location(`${req.baseUrl}/users/${encodeURIComponent(created.name)}`).json(created);
  });

  router.get('/users/:name', noStore, async (req, res) => {
    res.json(await users.get(checkUserName(req.params.name)));
  });

  router.patch('/users/:name', noStore, async (req, res) => {
    const name = checkUserName(req.params.name);
    const body = objectBody(req);
    onlyKeys(body, ['role', 'disabled', 'password']);
    res.json(await users.update(name, { role: body.role, disabled: body.disabled, password: body.password }, actorOf(req)));
  });

  router.delete('/users/:name', async (req, res) => {
    await users.remove(checkUserName(req.params.name), actorOf(req));
    res.status(204).end();
  });

  router.get('/keys', noStore, async (req, res) => {
    const user = req.query.user;
    if (user !== undefined && typeof user !== 'string') throw new InputError('user', 'must be given once');
    res.json({ keys: await users.listKeys(user === undefined ? undefined : checkUserName(user, 'user')) });
  });

  router.post('/keys', noStore, async (req, res) => {
    const body = objectBody(req);
    onlyKeys(body, ['user', 'label']);
    const created = await users.createKey(checkUserName(body.user, 'user'), body.label, actorOf(req));
    res.status(201).json(created);
  });

  router.delete('/keys/:id', async (req, res) => {
    const id = req.params.id;
    if (!/^[0-9a-f]{12}$/.test(id)) throw new InputError('id', `must be a key id (12 hex digits), got ${JSON.stringify(id)}`, 'not_found');
    await users.revokeKey(id, actorOf(req));
    res.status(204).end();
  });

  return router;
}
