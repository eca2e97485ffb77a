import type { Role } from './principal.ts';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './passwords.ts';

type Schema = Record<string, unknown>;

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const json = (schema: Schema) => ({ required: true, content: { 'application/json': { schema } } });
const userName = { name: 'name', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$' } };
const password = { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, format: 'password' };
const tokenAnswer = {
  description: '{ token, token_type: "Bearer", expires_at, user: { name, role } }; send the token as "Authorization: Bearer <token>"',
  content: { 'application/json': { schema: { type: 'object', properties: { token: { type: 'string' }, token_type: { type: 'string' }, expires_at: { type: 'string', format: 'date-time' }, user: { type: 'object', properties: { name: { type: 'string' }, role: { type: 'string', enum: ['planner', 'admin'] } } } } } } },
};
const denied = { 401: error('No or invalid credentials (WWW-Authenticate tells how)'), 403: error('The role is too weak') };

/** Login, accounts and API keys. */
export const AUTH_PATHS: Record<string, Schema> = {
  '/auth/login': {
    post: {
      tags: ['Access'], summary: 'Log in: a short-lived bearer token for a name and password', operationId: 'login', 'x-role': 'public',
      requestBody: json({ type: 'object', required: ['name', 'password'], properties: { name: { type: 'string' }, password: { type: 'string', format: 'password' } } }),
      responses: { 200: tokenAnswer, 400: error('Malformed body'), 401: error('Wrong name or password, or a disabled account (one answer for all)'), 429: error('Too many failed logins from this client') },
    },
  },
  '/auth/me': {
    get: { tags: ['Access'], summary: 'Who the credentials sent belong to (anonymous: role public)', operationId: 'whoAmI', 'x-role': 'public', responses: { 200: { description: '{ user, role, via }' }, 401: error('Invalid credentials') } },
  },
  '/auth/password': {
    put: {
      tags: ['Access'], summary: 'Change your own password (ends your other tokens); answers a new token', operationId: 'changeOwnPassword', 'x-role': 'planner',
      requestBody: json({ type: 'object', required: ['current_password', 'new_password'], properties: { current_password: { type: 'string', format: 'password' }, new_password: password } }),
      responses: { 200: tokenAnswer, 400: error('Wrong current password or a weak new one'), ...denied },
    },
  },
  '/users': {
    get: { tags: ['Access'], summary: 'Accounts', operationId: 'listUsers', 'x-role': 'admin', responses: { 200: { description: '{ users: [{ name, role, disabled, has_password, created_at, updated_at }] }' }, ...denied } },
    post: {
      tags: ['Access'], summary: 'Add an account (planner or admin); without password it can only use API keys', operationId: 'createUser', 'x-role': 'admin',
      requestBody: json({ type: 'object', required: ['name', 'role'], properties: { name: { type: 'string' }, role: { type: 'string', enum: ['planner', 'admin'] }, password } }),
      responses: { 201: { description: 'Created' }, 400: error('Invalid name, role or password'), 409: error('Name taken'), ...denied },
    },
  },
  '/users/{name}': {
    get: { tags: ['Access'], summary: 'One account', operationId: 'getUser', 'x-role': 'admin', parameters: [userName], responses: { 200: { description: 'The account' }, 404: error('No such user'), ...denied } },
    patch: {
      tags: ['Access'], summary: 'Change role, disable/enable, or set a password (ends the user\'s tokens)', operationId: 'updateUser', 'x-role': 'admin', parameters: [userName],
      requestBody: json({ type: 'object', properties: { role: { type: 'string', enum: ['planner', 'admin'] }, disabled: { type: 'boolean' }, password } }),
      responses: { 200: { description: 'The account' }, 400: error('Invalid value'), 404: error('No such user'), 409: error('Would leave no enabled admin'), ...denied },
    },
    delete: { tags: ['Access'], summary: 'Delete an account and its API keys', operationId: 'deleteUser', 'x-role': 'admin', parameters: [userName], responses: { 204: { description: 'Deleted' }, 404: error('No such user'), 409: error('The last enabled admin'), ...denied } },
  },
  '/keys': {
    get: { tags: ['Access'], summary: 'API keys (ids, owners, labels; never the keys)', operationId: 'listApiKeys', 'x-role': 'admin', parameters: [{ name: 'user', in: 'query', required: false, schema: { type: 'string' } }], responses: { 200: { description: '{ keys: [{ id, user, label, created_at, revoked_at }] }' }, ...denied } },
    post: {
      tags: ['Access'], summary: 'Create an API key for a user: the key is in this answer only (it is stored hashed)', operationId: 'createApiKey', 'x-role': 'admin',
      requestBody: json({ type: 'object', required: ['user'], properties: { user: { type: 'string' }, label: { type: 'string', maxLength: 200 } } }),
      responses: { 201: { description: '{ id, key, user, label, created_at }; send as "Authorization: ApiKey <key>" or "X-API-Key: <key>"' }, 404: error('No such user'), ...denied },
    },
  },
  '/keys/{id}': {
    delete: { tags: ['Access'], summary: 'Revoke an API key (at once)', operationId: 'revokeApiKey', 'x-role': 'admin', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{12}$' } }], responses: { 204: { description: 'Revoked' }, 404: error('No such key'), ...denied } },
  },
};

export const SECURITY_SCHEMES = {
  bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token from POST /auth/login.' },
  apiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (also accepted as "Authorization: ApiKey <key>").' },
};

/**
 * Adds to every operation the `security` its `x-role` implies: public ones may be called without
 * credentials (some answer more to planners), others need a token or a key. An operation without a
 * valid x-role is left for the route-table test to catch (the server treats it as admin-only).
 */
export function withSecurity<T extends { paths: Record<string, Record<string, unknown>> }>(doc: T): T {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    paths[path] = Object.fromEntries(Object.entries(item).map(([method, op]) => {
      if (op === null || typeof op !== 'object' || 'security' in op) return [method, op];
      const role = (op as { 'x-role'?: Role })['x-role'];
      const security = role === 'public' ? [{}, { bearerAuth: [] }, { apiKeyAuth: [] }] : [{ bearerAuth: [] }, { apiKeyAuth: [] }];
      return [method, { ...op, security }];
    }));
  }
  return { ...doc, paths };
}
