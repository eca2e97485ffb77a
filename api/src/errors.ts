/**
 * The one error of the application: a kind (`code`), a message and details naming the field at fault.
 * Services, auth and routes throw it (or a subclass) without HTTP statuses; `STATUS_OF` below is the
 * one place a kind becomes an HTTP status (read by the error handler in http/errors.ts), and the CLI
 * turns the input kinds into exit code 2.
 */
export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'too_many_requests'
  | 'too_many_jobs'
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
  | 'queue_full'
  | 'internal';

/** Error kind → HTTP status: the only such map. */
export const STATUS_OF: Readonly<Record<ErrorCode, number>> = Object.freeze({
  bad_request: 400,
  invalid_parameter: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  not_acceptable: 406,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  precondition_required: 428,
  too_many_requests: 429,
  too_many_jobs: 429,
  internal: 500,
  service_unavailable: 503,
  queue_full: 503,
  timeout: 503,
});

export interface ErrorDetails {
  /** The request field at fault (query parameter, body path or header). */
  field?: string;
  [key: string]: unknown;
}

/** The one error shape of the API: `{ "error": { "code", "message", "details"? } }`. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
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
  return new ApiError('invalid_parameter', `${field}: ${message}`, { field, ...extra });
}
