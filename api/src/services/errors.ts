/** Bad input to a service, naming the field: HTTP maps it to 400, the CLI to exit code 2. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly field: string,
    message: string,
    readonly status: 400 | 404 | 409 | 422 = 400,
  ) {
    super(`${field}: ${message}`);
  }
}
