// The one error path: a service's error (no HTTP status in it) becomes the envelope and the status of
// STATUS_OF in http/errors.ts, with nothing added or lost on the way (no route maps errors itself).
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../../api/src/http/errors.ts';
import { InputError } from '../../../api/src/services/errors.ts';
import { PlanValidationError } from '../../../api/src/services/plans.ts';
import { choice, optionalChoice } from '../../../api/src/services/choice.ts';

function answer(err: unknown): { status: number; body: unknown } {
  const out = { status: 0, body: undefined as unknown };
  const res = {
    headersSent: false,
    status(code: number) {
      out.status = code;
      return this;
    },
    json(body: unknown) {
      out.body = body;
      return this;
    },
  };
  const handler = errorHandler({ error: () => {} });
  handler(err, { method: 'GET', path: '/x' } as never, res as never, () => {});
  return out;
}

describe('the one error shape', () => {
  it('When a plan profile has two issues, then the answer is 400 naming the first path and listing both', () => {
    const issues = [
      { path: 'targets.0.ratio.per', message: 'must be > 0' },
      { path: 'name.zh', message: 'must not be empty' },
    ];
    const { status, body } = answer(new PlanValidationError(issues));
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        code: 'invalid_parameter',
        message: 'targets.0.ratio.per: must be > 0 (and 1 more issue)',
        details: { field: 'targets.0.ratio.per', issues },
      },
    });
  });

  it('When a service finds no such record, then the answer is 404 with the field', () => {
    const { status, body } = answer(new InputError('name', 'no user "x"', 'not_found'));
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: 'not_found', message: 'name: no user "x"', details: { field: 'name' } } });
  });

  it('When an enumerated parameter is wrong, then every parser answers alike (choice)', () => {
    expect(() => choice('town', 'level', ['community', 'street'] as const)).toThrow('level: must be one of community, street, got "town"');
    expect(() => choice(undefined, 'supply', ['beds'] as const)).toThrow('supply: is required: one of beds');
    expect(choice('', 'mode', ['straight', 'walk'] as const, 'straight')).toBe('straight');
    expect(optionalChoice(undefined, 'method', ['reach', 'unit'] as const)).toBeUndefined();
    expect(() => optionalChoice('x', 'method', ['reach', 'unit'] as const)).toThrow('method: must be one of reach, unit, got "x"');
  });

  it('When the database connection fails in any of its ways, then the answer is 503, and other database errors stay 500', () => {
    // postgres.js's own codes (CONNECT_TIMEOUT once slipped through as a 500), sockets, SQLSTATE 57P01 / 08xxx.
    for (const code of ['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'ECONNRESET', 'ECONNREFUSED', '57P01', '08006', '53300']) {
      const { status, body } = answer(Object.assign(new Error('x'), { code }));
      expect([code, status]).toEqual([code, 503]);
      expect((body as { error: { code: string } }).error.code).toBe('service_unavailable');
    }
    expect(answer(Object.assign(new Error('relation does not exist'), { code: '42P01', severity: 'ERROR' })).status).toBe(500);
    expect(answer(Object.assign(new Error('x'), { code: 'CONNECT_TIMEOUTISH' })).status).toBe(500);
  });
});
