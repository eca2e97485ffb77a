/**
 * Bad siting input, naming the field at fault (`p`, `forced`, `demand.csv line 4: weight`…):
 * the service maps it to a 400 naming the field, the CLI to exit code 2.
 */
export class SitingInputError extends Error {
  override name = 'SitingInputError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The error a cancelled run rejects with (`err.name === 'AbortError'`, like fetch's). */
export class SitingAbortError extends Error {
  override name = 'AbortError';
  constructor(message = 'siting run aborted') {
    super(message);
  }
}
