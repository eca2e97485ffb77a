import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, type FetchLike } from '../../../map-client/src/api/client.ts';
import { createScenario, fetchCoverage, gapsPath, login, saveScenarioChanges, sitingResultFrom } from '../../../map-client/src/api/endpoints.ts';
import { acceptProposals, isRunningJob, runSiting } from '../../../map-client/src/planner/siting.ts';
import { createStore, initialState } from '../../../map-client/src/state.ts';

const BASE = 'http://lifecircle.test/api/';
type Call = { url: string; method: string; headers: Record<string, string>; body: unknown };

/** A fake fetch answering each request from `answer`, recording what was sent. */
function fake(answer: (call: Call) => { status: number; body?: unknown; etag?: string }): FetchLike & { calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init = {}) => {
    const call = { url, method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body === undefined ? undefined : JSON.parse(init.body) };
    calls.push(call);
    const { status, body, etag } = answer(call);
    return {
      ok: status >= 200 && status < 300,
      status,
      statusText: '',
      text: async () => (body === undefined ? '' : JSON.stringify(body)),
      headers: { get: (name: string) => (name.toLowerCase() === 'etag' ? etag ?? null : null) },
    };
  };
  return Object.assign(fetch, { calls });
}

describe('API client writes', () => {
  it('should send JSON with the bearer token and If-Match, and return the ETag', async () => {
    const fetch = fake(() => ({ status: 200, body: { id: 7, name: 's', changes: [], version: 4 }, etag: '"4"' }));
    const api = createApiClient({ baseUrl: BASE, fetch, token: () => 'tok' });

    const saved = await saveScenarioChanges(api, '7', '"3"', [{ op: 'close', code: 'F1' }]);

    expect(fetch.calls[0]).toEqual({
      url: `${BASE}scenarios/7`,
      method: 'PATCH',
      headers: { accept: 'application/geo+json, application/json', 'content-type': 'application/json', 'if-match': '"3"', authorization: 'Bearer tok' },
      body: { changes: [{ op: 'close', code: 'F1' }] },
    });
    expect(saved).toEqual({ id: '7', name: 's', changes: [], etag: '"4"' });
  });

  it('should send no token when signed out, and turn a 412 into an ApiError with the server code', async () => {
    const fetch = fake(() => ({ status: 412, body: { error: { code: 'precondition_failed', message: 'changed since', details: { field: 'If-Match' } } } }));
    const api = createApiClient({ baseUrl: BASE, fetch, token: () => null });

    const error = await saveScenarioChanges(api, '7', '"3"', []).catch((e: unknown) => e);

    expect(fetch.calls[0]!.headers).not.toHaveProperty('authorization');
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 412, code: 'precondition_failed' });
  });

  it('should log in with name and password and read the token and role', async () => {
    const fetch = fake(() => ({ status: 200, body: { token: 't', token_type: 'Bearer', expires_at: '2030-01-01T00:00:00Z', user: { name: 'p', role: 'planner' } } }));
    const api = createApiClient({ baseUrl: BASE, fetch });

    expect(await login(api, 'p', 'secret')).toMatchObject({ token: 't', user: { role: 'planner' } });
    expect(fetch.calls[0]).toMatchObject({ method: 'POST', url: `${BASE}auth/login`, body: { name: 'p', password: 'secret' } });
  });

  it('should take the version as ETag when the header is missing', async () => {
    const api = createApiClient({ baseUrl: BASE, fetch: fake(() => ({ status: 201, body: { id: 9, name: 'n', changes: [], version: 1 } })) });

    expect((await createScenario(api, 'n')).etag).toBe('"1"');
  });

  it('should scope coverage and gaps to a scenario', async () => {
    const fetch = fake(() => ({ status: 200, body: { units: [] } }));
    await fetchCoverage(createApiClient({ baseUrl: BASE, fetch }), { type: 'health_station', scenario: '3' });

    expect(fetch.calls[0]!.url).toBe(`${BASE}coverage?type=health_station&level=community&scenario=3`);
    expect(gapsPath({ type: 'a', unit: 'D01', scenario: null })).toBe('coverage/gaps?type=a&unit=D01');
  });
});

describe('siting answers', () => {
  // The shape of POST /api/siting (trimmed from a demo-city run: mclp, p = 2).
  const proposals = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', id: 2, geometry: { type: 'Point', coordinates: [2, 2] }, properties: { rank: 2, candidate_id: 'C2', type: 'health_station', adds: { households: 2256 }, households_covered_after: 341465 } },
      { type: 'Feature', id: 1, geometry: { type: 'Point', coordinates: [1, 1] }, properties: { rank: 1, candidate_id: 'C1', type: 'health_station', adds: { households: 2270 }, households_covered_after: 339209 } },
    ],
  };
  const coverage = { households: 581173, households_covered_before: 336939, households_covered_after: 341465, rate_before: 0.5797568021914301, rate_after: 0.58754 };

  it('should order proposals by rank and read the curve as the share of households covered after k of them', () => {
    const result = sitingResultFrom({ job: 'j1', proposals, coverage, curve: [334520, 336790, 339046], objective: 339046, bound: 339046, gap: 0 });

    expect(result.proposals.features.map((f) => f.properties.rank)).toEqual([1, 2]);
    expect(result.curve).toEqual([{ k: 0, value: 0.5797568021914301 }, { k: 1, value: 339209 / 581173 }, { k: 2, value: 341465 / 581173 }]);
    // the first point is the households covered before, as /api/coverage counts them
    expect(result.curve[0]!.value).toBeCloseTo(coverage.households_covered_before / coverage.households, 12);
    expect(result).toMatchObject({ objective: 339046, gap: 0, job: 'j1', households: 581173 });
  });

  it('should read a finished job the same way, and refuse an answer without proposals', () => {
    expect(sitingResultFrom({ id: 'j1', state: 'done', result: { job: 'j1', proposals, coverage } }).proposals.features).toHaveLength(2);
    expect(() => sitingResultFrom({ state: 'done' })).toThrow(ApiError);
  });

  it('should follow a job until it is done, reporting progress', async () => {
    let polls = 0;
    const fetch = fake((call) => {
      if (call.method === 'POST') return { status: 202, body: { id: 'job1', state: 'running', progress: { fraction: 0 } } };
      polls += 1;
      return polls < 2
        ? { status: 200, body: { id: 'job1', state: 'running', progress: { fraction: 0.5 } } }
        : { status: 200, body: { id: 'job1', state: 'done', result: { job: 'job1', proposals, coverage } } };
    });
    const seen: (number | null)[] = [];

    const result = await runSiting(createApiClient({ baseUrl: BASE, fetch }), { model: 'mclp', type: 'health_station', p: 2, candidates: { generate: 'centroids' } }, (f) => seen.push(f));

    expect(seen).toEqual([0, 0.5]);
    expect(fetch.calls.map((call) => `${call.method} ${call.url}`)).toEqual([`POST ${BASE}siting`, `GET ${BASE}siting/jobs/job1`, `GET ${BASE}siting/jobs/job1`]);
    expect(result.job).toBe('job1');
    expect(isRunningJob({ id: 'x', state: 'done' })).toBe(false);
  });

  it('should accept a finished job by its id, with If-Match', async () => {
    const fetch = fake(() => ({ status: 200, body: { id: 7, name: 's', changes: [{ op: 'add', code: 's7-1', type: 'health_station', lon: 1, lat: 1 }], version: 5 }, etag: '"5"' }));
    const api = createApiClient({ baseUrl: BASE, fetch });

    const stored = await acceptProposals(api, { id: '7', etag: '"4"' }, sitingResultFrom({ job: 'j9', proposals, coverage }), 'health_station');

    expect(fetch.calls[0]).toMatchObject({ method: 'POST', url: `${BASE}scenarios/7/accept`, headers: { 'if-match': '"4"' }, body: { job: 'j9' } });
    expect(stored).toMatchObject({ id: '7', etag: '"5"', changes: [{ code: 's7-1' }] });
  });

  it('should send the proposals themselves, in build order, when there is no job', async () => {
    const fetch = fake(() => ({ status: 200, body: { id: 7, name: 's', changes: [], version: 5 } }));

    await acceptProposals(createApiClient({ baseUrl: BASE, fetch }), { id: '7', etag: '"4"' }, sitingResultFrom({ proposals, coverage }), 'health_station');

    expect((fetch.calls[0]!.body as { proposals: { features: { properties: unknown }[] } }).proposals.features.map((f) => f.properties)).toEqual([
      { type: 'health_station', rank: 1 }, { type: 'health_station', rank: 2 },
    ]);
  });
});

describe('store', () => {
  it('should announce updates made by a listener after the current one reached every listener', () => {
    const store = createStore(initialState());
    const seen: string[] = [];
    store.subscribe((state, previous) => {
      if (state.selectedType === 'a' && previous.selectedType === null) store.update({ tab: 'planner' });
    });
    store.subscribe((state, previous) => seen.push(`${previous.selectedType}/${previous.tab} → ${state.selectedType}/${state.tab}`));

    store.update({ selectedType: 'a' });

    expect(seen).toEqual(['null/map → a/map', 'a/map → a/planner']);
  });
});
