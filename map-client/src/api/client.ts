// HTTP client for the lifecircle API. It never hides the server's answer: a non-2xx response
// becomes an ApiError carrying the server's `error.code` and `error.message` (and `details`).
import type { Feature, FeatureCollection, Geometry } from 'geojson';

/** The subset of `fetch` this client needs, so tests can pass a fake. */
export type FetchLike = (
  url: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<ResponseLike>;

/** The subset of `Response` this client reads. */
export interface ResponseLike {
  ok: boolean;
  status: number;
  statusText: string;
  text(): Promise<string>;
  headers?: { get(name: string): string | null };
}

/** A JSON answer with the response headers the client uses. */
export interface ApiResponse {
  status: number;
  /** Parsed JSON body; null for an empty body (204). */
  body: unknown;
  /** The `ETag` header, if any. */
  etag: string | null;
}

export interface SendOptions {
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Codes the client itself produces when the server gave no error envelope. */
export type ClientErrorCode = 'network_error' | 'invalid_response' | 'too_many_pages';

/** An error reported by the API (`{ error: { code, message, details? } }`) or by this client. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** The server's `error.code`, or `http_<status>` / a {@link ClientErrorCode}. */
  readonly code: string;
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  readonly details: unknown;
  readonly url: string;

  constructor(init: { code: string; message: string; status: number; url: string; details?: unknown }) {
    super(init.message);
    this.code = init.code;
    this.status = init.status;
    this.url = init.url;
    this.details = init.details;
  }
}

/**
 * Turns a failed response into an ApiError. Uses the server's envelope when the body has one,
 * else falls back to `http_<status>` and the status text (e.g. an HTML page from a proxy).
 *
 * @example
 * apiErrorFromBody(400, 'Bad Request', '{"error":{"code":"invalid_limit","message":"limit must be 1–10000"}}', url)
 * // → ApiError { code: 'invalid_limit', message: 'limit must be 1–10000', status: 400 }
 */
export function apiErrorFromBody(status: number, statusText: string, bodyText: string, url: string): ApiError {
  const envelope = parseErrorEnvelope(bodyText);
  if (envelope) return new ApiError({ ...envelope, status, url });
  const message = statusText.trim() || `HTTP ${status}`;
  return new ApiError({ code: `http_${status}`, message: `${message} (${url})`, status, url });
}

function parseErrorEnvelope(bodyText: string): { code: string; message: string; details?: unknown } | null {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return null;
  }
  if (!isRecord(body) || !isRecord(body.error)) return null;
  const { code, message, details } = body.error;
  if (typeof code !== 'string' || code === '') return null;
  const text = typeof message === 'string' && message !== '' ? message : code;
  return details === undefined ? { code, message: text } : { code, message: text, details };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ApiClientOptions {
  /** Absolute URL of the API root, ending in `/`, e.g. `https://host/api/`. */
  baseUrl: string;
  /** @defaultValue globalThis.fetch */
  fetch?: FetchLike;
  /** Upper bound on `next` links followed for one collection. @defaultValue 100 */
  maxPages?: number;
  /** The bearer token to send, read at each request (null: anonymous). @defaultValue none */
  token?: () => string | null;
  /** Headers sent with every request (e.g. BACKGROUND_HEADER for a prefetching client). @defaultValue none */
  headers?: Readonly<Record<string, string>>;
}

export interface ApiClient {
  /** GETs `path` (relative to baseUrl, or absolute) and returns the parsed JSON body. */
  getJson(path: string, signal?: AbortSignal): Promise<unknown>;
  /**
   * GETs every page of an OGC API – Features collection, following `links[rel=next]`,
   * so nothing is silently cut at the server's page size.
   */
  getAllFeatures<G extends Geometry | null, P>(
    collection: string,
    query?: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<FeatureCollection<G, P>>;
  /** Sends `method` to `path` with an optional JSON body; non-2xx answers throw an ApiError. */
  send(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, options?: SendOptions): Promise<ApiResponse>;
  /** The absolute URL of an API path (for links). */
  url(path: string): string;
}

/**
 * Creates the API client.
 *
 * @example
 * const api = createApiClient({ baseUrl: new URL('/api/', location.href).href });
 * const communities = await api.getAllFeatures('communities', { limit: '10000' });
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  // Input validation
  const base = new URL(options.baseUrl);
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  const doFetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const maxPages = options.maxPages ?? 100;

  function headersFor(extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/geo+json, application/json', ...options.headers, ...extra };
    const token = options.token?.();
    if (token) headers.authorization = `Bearer ${token}`;
    return headers;
  }

  async function fetchAt(url: string, init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal }): Promise<ResponseLike> {
    try {
      return await doFetch(url, init);
    } catch (cause) {
      if (init.signal?.aborted) throw cause;
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new ApiError({ code: 'network_error', message: `Could not reach ${url}: ${reason}`, status: 0, url });
    }
  }

  async function getJsonAt(url: string, signal?: AbortSignal): Promise<unknown> {
    const response = await fetchAt(url, { headers: headersFor(), ...(signal ? { signal } : {}) });
    const text = await response.text();
    if (!response.ok) throw apiErrorFromBody(response.status, response.statusText, text, url);
    return parseJson(text, url, response.status);
  }

  function parseJson(text: string, url: string, status: number): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new ApiError({
        code: 'invalid_response',
        message: `Expected JSON from ${url}, got: ${text.slice(0, 80)}`,
        status,
        url,
      });
    }
  }

  return {
    getJson(path, signal) {
      return getJsonAt(new URL(path, base).href, signal);
    },

    url(path) {
      return new URL(path, base).href;
    },

    async send(method, path, sendOptions = {}) {
      const url = new URL(path, base).href;
      const extra: Record<string, string> = { ...sendOptions.headers };
      if (sendOptions.body !== undefined) extra['content-type'] = 'application/json';
      const response = await fetchAt(url, {
        method,
        headers: headersFor(extra),
        ...(sendOptions.body !== undefined ? { body: JSON.stringify(sendOptions.body) } : {}),
        ...(sendOptions.signal ? { signal: sendOptions.signal } : {}),
      });
      const text = await response.text();
      if (!response.ok) throw apiErrorFromBody(response.status, response.statusText, text, url);
      return {
        status: response.status,
        body: text.trim() === '' ? null : parseJson(text, url, response.status),
        etag: response.headers?.get('etag') ?? null,
      };
    },

    async getAllFeatures<G extends Geometry | null, P>(
      collection: string,
      query: Record<string, string> = {},
      signal?: AbortSignal,
    ): Promise<FeatureCollection<G, P>> {
      const first = new URL(`collections/${encodeURIComponent(collection)}/items`, base);
      for (const [key, value] of Object.entries(query)) first.searchParams.set(key, value);
      const features: Feature<G, P>[] = [];
      const seen = new Set<string>();
      let url: string | null = first.href;
      while (url !== null) {
        if (seen.size >= maxPages || seen.has(url)) {
          throw new ApiError({
            code: 'too_many_pages',
            message: `Stopped after ${seen.size} pages of ${collection}: the next link repeats or never ends (${url})`,
            status: 0,
            url,
          });
        }
        seen.add(url);
        const page = await getJsonAt(url, signal);
        if (!isRecord(page) || page.type !== 'FeatureCollection' || !Array.isArray(page.features)) {
          throw new ApiError({
            code: 'invalid_response',
            message: `Expected a GeoJSON FeatureCollection from ${url}`,
            status: 200,
            url,
          });
        }
        features.push(...(page.features as Feature<G, P>[]));
        url = nextLink(page.links, url);
      }
      return { type: 'FeatureCollection', features };
    },
  };
}

/** The absolute `href` of the `rel: "next"` link, resolved against the page's URL, or null. */
export function nextLink(links: unknown, pageUrl: string): string | null {
  if (!Array.isArray(links)) return null;
  for (const link of links) {
    if (isRecord(link) && link.rel === 'next' && typeof link.href === 'string' && link.href !== '') {
      return new URL(link.href, pageUrl).href;
    }
  }
  return null;
}
