import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApiError, STATUS_OF } from '../errors.ts';

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError('not_found', `no route for ${req.method} ${req.originalUrl.split('?')[0]}`));
};

/** Maps anything thrown to the JSON envelope; never leaks stack traces or SQL. */
export function errorHandler(log: { error: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // Answered already (e.g. an analysis past its timeout): the late handler's write is dropped.
    if (res.headersSent && (err as { code?: unknown } | null)?.code === 'ERR_HTTP_HEADERS_SENT') return;
    let apiError: ApiError;
    if (err instanceof ApiError) {
      apiError = err;
    } else if (err?.type === 'entity.too.large') {
      apiError = new ApiError('payload_too_large', `request body exceeds the limit of ${err.limit} bytes`);
    } else if (err?.type === 'entity.parse.failed') {
      apiError = new ApiError('bad_request', 'request body is not valid JSON', { field: 'body' });
    } else if (isDataException(err)) {
      // SQLSTATE class 22 (a value the database cannot take: out of range, bad encoding…): the caller's fault.
      apiError = new ApiError('invalid_parameter', 'a value in the request is out of range or malformed for the database');
    } else if (isConnectionError(err)) {
      log.error({ err, path: req.path }, 'database unavailable');
      apiError = new ApiError('service_unavailable', 'the database is unavailable; try again shortly');
    } else {
      log.error({ err, method: req.method, path: req.path }, 'unhandled error');
      apiError = new ApiError('internal', 'internal error');
    }
    if (res.headersSent) return;
    res.status(STATUS_OF[apiError.code]).json(apiError.toJSON());
  };
}

function isDataException(err: unknown): boolean {
  const e = err as { code?: unknown; severity?: unknown } | null;
  return typeof e?.code === 'string' && typeof e.severity === 'string' && /^22[0-9A-Z]{3}$/.test(e.code);
}

function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = e?.code;
  if (typeof code !== 'string') return false;
  // Sockets, postgres.js connection states and its connect timeout, admin shutdown / restart (57P0x), connection exceptions
  // (class 08), too many connections, and a database closed to new connections (55000 at connect).
  return /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|CONNECTION_|CONNECT_TIMEOUT$|57P0[1-3]|08[0-9A-Z]{3}$|53300$)/.test(code)
    || (code === '55000' && /accepting connections/.test(String(e?.message)));
}
