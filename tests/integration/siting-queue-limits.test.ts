import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCaller, type ApiAnswer } from '../helpers/api-call.ts';
import { testBackends } from '../helpers/db.ts';
import { documentedResponse } from '../helpers/openapi-shape.ts';
import { startRoleServer } from '../helpers/role-server.ts';

/**
 * Issue #19: the siting queue is bounded. At most LIFECIRCLE_SITING_QUEUE_MAX runs queued or running
 * (on a server: over every process, counted in pg-boss's job table; embedded: the 2 a process runs at
 * once) and LIFECIRCLE_SITING_QUEUE_PER_USER per caller; past them POST /api/siting answers 503
 * `queue_full` or 429 `too_many_jobs` with Retry-After, in the one error shape, and queues nothing.
 * On the server two apps on one database stand for two `serve` processes (each its own pg-boss).
 * /api/health shows the queue's depth (server) and answers as its OpenAPI schema says.
 */
const AS_OF = '2026-01-01';
/** A long exact run: it outlives the test's steps (each is cancelled at the end). */
const LONG_RUN = { model: 'mclp', type: 'health_station', as_of: AS_OF, p: 40, method: 'exact', time_limit_s: 120, candidates: { generate: 'grid', spacing_m: 60 }, wait_ms: 0 };
const LIMITS = { LIFECIRCLE_SITING_QUEUE_MAX: '2', LIFECIRCLE_SITING_QUEUE_PER_USER: '1' };

describe.each(testBackends())('bounded siting queue on %s', (backend) => {
  let a: Awaited<ReturnType<typeof startRoleServer>>;
  let b: Awaited<ReturnType<typeof startRoleServer>>;
  beforeAll(async () => {
    a = await startRoleServer(backend, { env: LIMITS });
    // Embedded: one process (its jobs live in its memory); server: a second one on the same database.
    b = backend === 'postgres' ? await startRoleServer(backend, { env: LIMITS, db: a.db }) : a;
  }, 60_000);
  afterAll(async () => {
    if (b !== a) await b?.close();
    await a?.close();
  });

  const onA = apiCaller(() => a.url);
  const onB = apiCaller(() => b.url);
  /** pg-boss's jobs of the siting queue, whatever their state (server only): what was enqueued at all. */
  const enqueued = async () => {
    if (backend !== 'postgres') return undefined;
    // pg-boss creates its schema as the queue starts (after the server listens): none yet is none queued.
    const [ready] = await a.db.sql<{ ok: boolean }[]>`SELECT to_regclass('pgboss.job') IS NOT NULL AS ok`;
    if (!ready!.ok) return 0;
    const [row] = await a.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'lifecircle-siting'`;
    return row!.n;
  };
  const expectRefused = (r: ApiAnswer, status: number, code: string, retryAfter: number, limit: number) => {
    expect([r.status, r.body.error.code]).toEqual([status, code]);
    expect(r.headers.get('retry-after')).toBe(String(retryAfter));
    expect(r.location).toBeNull();
    expect(r.body).toEqual({ error: { code, message: expect.any(String), details: { limit, count: limit } } });
  };

  /** /api/health, checked against the schema the server's own OpenAPI document gives it. */
  const health = async () => {
    const doc = (await onA('GET', '/openapi.json')).body;
    const r = await onA('GET', '/health');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const schema = documentedResponse(doc, '/health', 'get', 200);
    const checked = schema.safeParse(r.body);
    expect(checked.error?.issues ?? [], JSON.stringify(r.body)).toEqual([]);
    // The schema is closed: a field the document does not name, or one of the wrong type, fails it.
    expect(schema.safeParse({ ...r.body, undocumented: 1 }).success).toBe(false);
    expect(schema.safeParse({ ...r.body, siting_queue: { queued: 'many', active: 0, failed: 0 } }).success).toBe(false);
    return r.body as { status: string; siting_queue?: { queued: number; active: number; failed: number } | null };
  };

  it('should answer /api/health as its OpenAPI schema says (siting_queue on the server only)', async () => {
    const body = await health();
    expect(body.status).toBe('ok');
    if (backend === 'pglite') expect(body.siting_queue).toBeUndefined();
    else expect(body).toHaveProperty('siting_queue');
  });

  it('When the callers and the queue hold their limits, then a run is refused with 429 or 503 and Retry-After, and nothing is queued', { timeout: 60_000 }, async () => {
    const before = await enqueued();
    const first = await onA('POST', '/siting', { as: 'planner:alice', body: LONG_RUN });
    expect(first.status).toBe(202);

    // Alice's share (1) is taken: her next run is hers to wait for — on the other process too.
    expectRefused(await onB('POST', '/siting', { as: 'planner:alice', body: LONG_RUN }), 429, 'too_many_jobs', 10, 1);

    const second = await onB('POST', '/siting', { as: 'planner:bob', body: LONG_RUN });
    expect(second.status).toBe(202);
    // Two runs over both processes: the queue (2) is full for anyone else.
    expectRefused(await onA('POST', '/siting', { as: 'planner:carol', body: LONG_RUN }), 503, 'queue_full', 30, 2);
    if (backend === 'postgres') {
      expect(await enqueued()).toBe(before! + 2);
      // Health shows both runs (queued or held by a worker) once pg-boss's monitor has counted them (every 2 s).
      for (let i = 0; ; i++) {
        const q = (await health()).siting_queue;
        if (q && q.queued + q.active === 2) break;
        expect(i, `siting_queue ${JSON.stringify(q)}`).toBeLessThan(50);
        await new Promise((r) => setTimeout(r, 200));
      }
    }

    // A cancelled run frees its place at once (the refused ones took none).
    expect((await onA('DELETE', `/siting/jobs/${first.body.id}`, { as: 'planner:alice' })).status).toBe(200);
    const third = await onB('POST', '/siting', { as: 'planner:carol', body: LONG_RUN });
    expect(third.status).toBe(202);
    if (backend === 'postgres') expect(await enqueued()).toBe(before! + 3);
    for (const [job, as] of [[second, 'planner:bob'], [third, 'planner:carol']] as const) {
      expect((await onA('DELETE', `/siting/jobs/${job.body.id}`, { as })).status).toBe(200);
    }
  });

  it.runIf(backend === 'postgres')('When six callers race for the two places through both processes, then exactly two runs are queued', { timeout: 90_000 }, async () => {
    const before = await enqueued();
    const answers = await Promise.all(['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map((u, i) =>
      (i % 2 === 0 ? onA : onB)('POST', '/siting', { as: `planner:${u}`, body: LONG_RUN }).then((r) => ({ r, as: `planner:${u}` }))));
    expect(answers.map(({ r }) => r.status).sort()).toEqual([202, 202, 503, 503, 503, 503]);
    expect(await enqueued()).toBe(before! + 2);
    for (const { r, as } of answers) if (r.status === 202) expect((await onA('DELETE', `/siting/jobs/${r.body.id}`, { as })).status).toBe(200);
  });
});
