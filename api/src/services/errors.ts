import { ApiError } from '../errors.ts';

/** Bad input to a service, naming the field: HTTP answers by its kind (400, 404, 409), the CLI exits 2. */
export class InputError extends ApiError {
  override name = 'InputError';
  constructor(
    readonly field: string,
    message: string,
    kind: 'invalid_parameter' | 'not_found' | 'conflict' = 'invalid_parameter',
    /** More details for the answer (e.g. every issue of a profile), beside the field. */
    extra: Record<string, unknown> = {},
  ) {
    super(kind, `${field}: ${message}`, { field, ...extra });
  }
}
