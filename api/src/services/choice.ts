import { InputError } from './errors.ts';

/**
 * One value of `allowed`, read from a raw parameter (a query value or a CLI option; undefined or empty
 * = absent): the one check behind every enumerated parameter (level, format, mode, supply …), so they
 * all answer alike: `<field>: must be one of a, b, got "x"` (HTTP 400, CLI exit 2).
 * @param {string | undefined} raw the value as given
 * @param {string} field the parameter's name, as the caller wrote it (`level`, `--level`)
 * @param {readonly string[]} allowed the values accepted
 * @param {string} [fallback] the value when absent; without it the parameter is required
 * @example
 * choice(one(req, 'mode'), 'mode', DISTANCE_MODES, 'straight'); // 'straight' when absent
 */
export function choice<T extends string>(raw: string | undefined, field: string, allowed: readonly T[], fallback?: T): T {
  if (raw === undefined || raw === '') {
    if (fallback !== undefined) return fallback;
    throw new InputError(field, `is required: one of ${allowed.join(', ')}`);
  }
  if (!(allowed as readonly string[]).includes(raw)) throw new InputError(field, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw)}`);
  return raw as T;
}

/** {@link choice} for a parameter that may be absent: undefined then. */
export function optionalChoice<T extends string>(raw: string | undefined, field: string, allowed: readonly T[]): T | undefined {
  return raw === undefined || raw === '' ? undefined : choice(raw, field, allowed);
}
