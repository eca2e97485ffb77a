import { describe, expect, it } from 'vitest';
import {
  ApiError,
  apiErrorFromBody,
  createApiClient,
  nextLink,
  type FetchLike,
  type ResponseLike,
} from '../../../map-client/src/api/client.ts';
import { citySummaryOf, loadMapData } from '../../../map-client/src/api/load-map-data.ts';

const BASE = 'http://lifecircle.test/api/';

function respond(status: number, body: unknown, statusText = ''): ResponseLike {
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText,
    text: async () => (typeof body === 'string' ? body : JSON.stringify(body)),
  };
}

/** A fake fetch that answers from a URL → response table and records the URLs asked for. */
function fakeFetch(routes: Record<string, ResponseLike>): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const fetch = async (url: string) => {
    calls.push(url);
    const response = routes[url];
    if (!response) throw new Error(`unexpected request ${url}`);
    return response;
  };
  return Object.assign(fetch, { calls });
}

const feature = (code: string) => ({ type: 'Feature', id: code, geometry: null, properties: { code } });

describe('API client errors', () => {
  it('should turn a JSON error body into an ApiError carrying the server code and message', async () => {
    const url = `${BASE}collections/communities/items?limit=10000`;
    const body = { error: { code: 'invalid_limit', message: 'limit must be 1–1000, got 10000', details: { max: 1000 } } };
    const api = createApiClient({ baseUrl: BASE, fetch: fakeFetch({ [url]: respond(400, body, 'Bad Request') }) });

    const error = await api.getAllFeatures('communities', { limit: '10000' }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      code: 'invalid_limit',
      message: 'limit must be 1–1000, got 10000',
      status: 400,
      details: { max: 1000 },
      url,
    });
  });

  it('should fall back to http_<status> when the body is not an error envelope', () => {
    const error = apiErrorFromBody(502, 'Bad Gateway', '<html>proxy error</html>', `${BASE}health`);

    expect(error).toMatchObject({ code: 'http_502', status: 502 });
    expect(error.message).toContain('Bad Gateway');
  });

  it('should report a failed connection as network_error with status 0', async () => {
    const api = createApiClient({
      baseUrl: BASE,
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });

    await expect(api.getJson('health')).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });

  it('should report a 200 that is not JSON as invalid_response', async () => {
    const api = createApiClient({ baseUrl: BASE, fetch: fakeFetch({ [`${BASE}health`]: respond(200, 'OK') }) });

    await expect(api.getJson('health')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('should report a collection answer that is not a FeatureCollection as invalid_response', async () => {
    const url = `${BASE}collections/streets/items`;
    const api = createApiClient({ baseUrl: BASE, fetch: fakeFetch({ [url]: respond(200, { status: 'ok' }) }) });

    await expect(api.getAllFeatures('streets')).rejects.toMatchObject({ code: 'invalid_response' });
  });
});

describe('API client paging', () => {
  it('should follow next links (relative or absolute) and return every feature', async () => {
    const first = `${BASE}collections/facilities/items?limit=2`;
    const second = `${BASE}collections/facilities/items?limit=2&offset=2`;
    const third = `${BASE}collections/facilities/items?limit=2&offset=4`;
    const fetch = fakeFetch({
      [first]: respond(200, {
        type: 'FeatureCollection',
        features: [feature('a'), feature('b')],
        links: [{ rel: 'self', href: first }, { rel: 'next', href: 'items?limit=2&offset=2' }],
      }),
      [second]: respond(200, {
        type: 'FeatureCollection',
        features: [feature('c'), feature('d')],
        links: [{ rel: 'next', href: third }],
      }),
      [third]: respond(200, { type: 'FeatureCollection', features: [feature('e')], links: [] }),
    });
    const api = createApiClient({ baseUrl: BASE, fetch });

    const collection = await api.getAllFeatures('facilities', { limit: '2' });

    expect(collection.features.map((f) => f.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(fetch.calls).toEqual([first, second, third]);
  });

  it('should stop with too_many_pages when a next link repeats', async () => {
    const url = `${BASE}collections/streets/items`;
    const loop = { type: 'FeatureCollection', features: [feature('a')], links: [{ rel: 'next', href: url }] };
    const api = createApiClient({ baseUrl: BASE, fetch: fakeFetch({ [url]: respond(200, loop) }) });

    await expect(api.getAllFeatures('streets')).rejects.toMatchObject({ code: 'too_many_pages' });
  });

  it('should accept a base URL without a trailing slash', async () => {
    const fetch = fakeFetch({ [`${BASE}health`]: respond(200, { status: 'ok' }) });
    const api = createApiClient({ baseUrl: BASE.slice(0, -1), fetch });

    await expect(api.getJson('health')).resolves.toEqual({ status: 'ok' });
  });

  it('should find no next link when links are absent or malformed', () => {
    expect(nextLink(undefined, BASE)).toBeNull();
    expect(nextLink([{ rel: 'next' }, 'x', null], BASE)).toBeNull();
  });
});

describe('loadMapData', () => {
  it('should load districts, streets, the facility types and the city summary, not the tiled collections', async () => {
    const empty = respond(200, { type: 'FeatureCollection', features: [] });
    const typeFeature = {
      type: 'Feature', id: 'book_point', geometry: null,
      properties: { code: 'book_point', name_zh: '社区送书点', name_en: 'Community book delivery point', level: 'community', reach_m: 300, standard: '' },
    };
    const fetch = fakeFetch({
      [`${BASE}collections/districts/items?limit=10000`]: empty,
      [`${BASE}collections/streets/items?limit=10000`]: empty,
      [`${BASE}summary`]: respond(200, { data_version: '7', communities: 300, population: 9000, facilities: 4, facilities_by_type: { book_point: 4 } }),
      [`${BASE}collections/facility-types/items`]: respond(200, { type: 'FeatureCollection', features: [typeFeature] }),
    });

    const data = await loadMapData(createApiClient({ baseUrl: BASE, fetch }));

    expect(data.facilityTypes).toEqual([typeFeature.properties]);
    expect(data.communityCount).toBe(300);
    expect(data.summary).toEqual({ communities: 300, population: 9000, facilities: 4, facilities_by_type: { book_point: 4 } });
    expect(fetch.calls).toHaveLength(4);
  });

  it('should send a client\'s own headers with every request (a background client is not waited for by idle())', async () => {
    const seen: Array<Record<string, string>> = [];
    const fetch = (async (_url: string, init?: { headers?: Record<string, string> }) => {
      seen.push(init?.headers ?? {});
      return { ok: true, status: 200, statusText: 'OK', text: async () => '{}', headers: { get: () => null } };
    }) as unknown as Parameters<typeof createApiClient>[0]['fetch'];
    const api = createApiClient({ baseUrl: BASE, fetch, headers: { 'x-lifecircle-background': '1' } });
    await api.getJson('health');
    await api.send('GET', 'health', { headers: { 'x-extra': 'y' } });
    expect(seen.map((h) => h['x-lifecircle-background'])).toEqual(['1', '1']);
    expect(seen[1]!['x-extra']).toBe('y');
  });

  it('should refuse a summary without its numbers', () => {
    expect(() => citySummaryOf({ communities: 1, facilities: 'x', population: 0, facilities_by_type: {} })).toThrow(/facilities/);
    expect(() => citySummaryOf({ communities: 1, facilities: 1, population: 0 })).toThrow(/facilities_by_type/);
    expect(() => citySummaryOf(null)).toThrow(/communities/);
  });
});
