import type { ComputeOptions, CoverageFacility } from './model.ts';
import { isOpenOnUnchecked } from './model.ts';

// Module-local copy (called once per snapshot facility per computation).
const isOpen = isOpenOnUnchecked;

/** A facility that takes part in a computation, with its reach under the rule. @private */
export interface ActiveFacility {
  code: string;
  type: string;
  lon: number;
  lat: number;
  reachMeters: number;
}

/**
 * The facilities that count for a rule: snapshot facilities of the rule's types open on `asOf`
 * and not excluded, plus the scenario's extra facilities of the rule's types (always open).
 * Throws when an extra facility reuses the code of another counted or extra facility.
 *
 * @private
 */
export function activeFacilities(
  facilities: readonly CoverageFacility[],
  reachByType: ReadonlyMap<string, number>,
  options: ComputeOptions,
  fn: string,
): ActiveFacility[] {
  const excluded = new Set(options.excludedFacilityCodes ?? []);
  const includePlanned = options.includePlanned === true;
  const out: ActiveFacility[] = [];
  const codes = new Set<string>();
  for (const f of facilities) {
    const reachMeters = reachByType.get(f.type);
    if (reachMeters === undefined || excluded.has(f.code) || !isOpen(f, options.asOf, includePlanned)) continue;
    out.push({ code: f.code, type: f.type, lon: f.lon, lat: f.lat, reachMeters });
    codes.add(f.code);
  }
  for (const f of options.extraFacilities ?? []) {
    if (codes.has(f.code)) {
      throw new Error(`Invalid input to ${fn}: extra facility code ${JSON.stringify(f.code)} is already in use (exclude the snapshot's one first)`);
    }
    codes.add(f.code);
    const reachMeters = reachByType.get(f.type);
    if (reachMeters !== undefined) out.push({ code: f.code, type: f.type, lon: f.lon, lat: f.lat, reachMeters });
  }
  return out;
}
