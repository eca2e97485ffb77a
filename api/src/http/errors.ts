import type { ErrorRequestHandler, RequestHandler } from 'express';
import { EditConflict } from '../services/editing.ts';
import { InputError } from '../services/errors.ts';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'too_many_requests'
  | 'timeout'
  | 'invalid_parameter'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'not_acceptable'
  | 'conflict'
  | 'precondition_failed'
  | 'precondition_required'
  | 'validation_failed'
  | 'service_unavailable'
  | 'internal';

export interface ErrorDetails {
  /** The request field at fault (query parameter, body path or header). */
  field?: string;
  [key: string]: unknown;
}

/** The one error shape of the API: `{ "error": { "code", "message", "details"? } }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
  ) {
    super(message);
  }

  toJSON(): { error: { code: ErrorCode; message: string; details?: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

export function invalidParameter(field: string, message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, 'invalid_parameter', `${field}: ${message}`, { field, ...extra });
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'not_found', `no route for ${req.method} ${req.originalUrl.split('?')[0]}`));
};

/** Maps anything thrown to the JSON envelope; never leaks stack traces or SQL. */
export function errorHandler(log: { error: (obj: object, msg: string) => void }): ErrorRequestHandler {
  return (err, req, res, _next) => {
    // Answered already (e.g. an analysis past its timeout): the late handler's write is dropped.
    if (res.headersSent && (err as { code?: unknown } | null)?.code === 'ERR_HTTP_HEADERS_SENT') return;
    let apiError: ApiError;
    if (err instanceof ApiError) {
      apiError = err;
    } else if (err instanceof EditConflict) {
      const code = ({ 404: 'not_found', 409: 'conflict', 412: 'precondition_failed', 428: 'precondition_required' } as const)[err.status];
      apiError = new ApiError(err.status, code, err.message, {
        ...(err.field ? { field: err.field } : {}),
        ...(err.currentVersion !== undefined ? { current_etag: `"${err.currentVersion}"` } : {}),
      });
    } else if (err instanceof InputError) {
      apiError = new ApiError(err.status, err.status === 404 ? 'not_found' : err.status === 409 ? 'conflict' : 'invalid_parameter', err.message, { field: err.field });
    } else if (err?.type === 'entity.too.large') {
      apiError = new ApiError(413, 'payload_too_large', `request body exceeds the limit of ${err.limit} bytes`);
    } else if (err?.type === 'entity.parse.failed') {
      apiError = new ApiError(400, 'bad_request', 'request body is not valid JSON', { field: 'body' });
    } else if (isConnectionError(err)) {
      log.error({ err, path: req.path }, 'database unavailable');
      apiError = new ApiError(503, 'service_unavailable', 'the database is unavailable; try again shortly');
    } else {
      log.error({ err, method: req.method, path: req.path }, 'unhandled error');
      apiError = new ApiError(500, 'internal', 'internal error');
    }
    if (res.headersSent) return;
    res.status(apiError.status).json(apiError.toJSON());
  };
}

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|CONNECTION_|57P0[123])/.test(code);
}
