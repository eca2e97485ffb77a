import { ApiError } from '../errors.ts';

/** Bad input to a service, naming the field: HTTP answers by its kind (400, 404, 409), the CLI exits 2. */
export class InputError extends ApiError {
  override name = 'InputError';
  constructor(
    readonly field: string,
    message: string,
    kind: 'invalid_parameter' | 'not_found' | 'conflict' = 'invalid_parameter',
  ) {
    super(kind, `${field}: ${message}`, { field });
  }
}
