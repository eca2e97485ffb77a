/**
 * The HTTP caller the API tests share: a method and a path under `/api`, an optional JSON body and
 * caller (`as`: a bearer token such as `planner:alice` of the role server), and the answer read once:
 * status, the headers tests look at, the text, and the body parsed when it is JSON.
 */

export interface CallOptions {
  /** Bearer token (the role server takes `role:name`). */
  as?: string;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  etag: string | null;
  location: string | null;
  /** The content type, '' when none. */
  type: string;
  headers: Headers;
  text: string;
  /** Parsed JSON when the answer is JSON; else its text; null when empty. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** `call(method, path, options)` against `${baseUrl()}/api` (a function: the server starts in beforeAll). */
export function apiCaller(baseUrl: () => string, defaults: Pick<CallOptions, 'as'> = {}) {
  return async (method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    const as = options.as ?? defaults.as;
    if (as) headers.authorization = `Bearer ${as}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl()}/api${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const body = text === '' ? null : type.includes('json') ? JSON.parse(text) : text;
    return { status: res.status, etag: res.headers.get('etag'), location: res.headers.get('location'), type, headers: res.headers, text, body };
  };
}

/** `get(path, headers)` of a full path (`/api/…`), the body parsed when JSON: the read-only tests' shorthand. */
export function getter(baseUrl: () => string) {
  return async (path: string, headers: Record<string, string> = {}): Promise<Pick<ApiAnswer, 'status' | 'type' | 'body' | 'headers'>> => {
    const res = await fetch(`${baseUrl()}${path}`, { headers });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, type, headers: res.headers, body: type.includes('json') ? await res.json() : await res.text() };
  };
}
