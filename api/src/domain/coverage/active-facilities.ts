import type { ComputeOptions, CoverageFacility } from './model.ts';
import { isOpenOnUnchecked } from './model.ts';

// Module-local copy (called once per snapshot facility of a rule type per computation).
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
 * Positions of a facility list by type (ascending within each type), built once per list so a
 * computation reads only its rule's types instead of every facility of the snapshot.
 *
 * @private
 */
export type FacilitiesByType = ReadonlyMap<string, Int32Array>;

/** Groups `facilities` by type. @private */
export function facilitiesByType(facilities: readonly CoverageFacility[]): FacilitiesByType {
  const counts = new Map<string, number>();
  for (const f of facilities) counts.set(f.type, (counts.get(f.type) ?? 0) + 1);
  const out = new Map<string, Int32Array>();
  const fill = new Map<string, number>();
  for (const [type, n] of counts) {
    out.set(type, new Int32Array(n));
    fill.set(type, 0);
  }
  facilities.forEach((f, i) => {
    const k = fill.get(f.type)!;
    out.get(f.type)![k] = i;
    fill.set(f.type, k + 1);
  });
  return out;
}

/** Positions of the facilities of the given types, in list order. @private */
function positionsOf(byType: FacilitiesByType, types: Iterable<string>): Int32Array {
  const parts: Int32Array[] = [];
  for (const t of types) {
    const p = byType.get(t);
    if (p && p.length > 0) parts.push(p);
  }
  if (parts.length === 1) return parts[0]!;
  const all = new Int32Array(parts.reduce((s, p) => s + p.length, 0));
  let k = 0;
  for (const p of parts) {
    all.set(p, k);
    k += p.length;
  }
  return all.sort();
}

/**
 * The facilities that count for a rule: snapshot facilities of the rule's types open on `asOf`
 * and not excluded, plus the scenario's extra facilities of the rule's types (always open).
 * Throws when an extra facility reuses the code of another counted or extra facility.
 * With `byType` (from {@link facilitiesByType} over the same list), only the rule's types are read;
 * the answer is the same, in the same order.
 *
 * @private
 */
export function activeFacilities(
  facilities: readonly CoverageFacility[],
  reachByType: ReadonlyMap<string, number>,
  options: ComputeOptions,
  fn: string,
  byType?: FacilitiesByType,
): ActiveFacility[] {
  const excluded = new Set(options.excludedFacilityCodes ?? []);
  const includePlanned = options.includePlanned === true;
  const out: ActiveFacility[] = [];
  const extras = options.extraFacilities ?? [];
  const codes = new Set<string>();
  const take = (f: CoverageFacility): void => {
    const reachMeters = reachByType.get(f.type);
    if (reachMeters === undefined || excluded.has(f.code) || !isOpen(f, options.asOf, includePlanned)) return;
    out.push({ code: f.code, type: f.type, lon: f.lon, lat: f.lat, reachMeters });
    if (extras.length > 0) codes.add(f.code);
  };
  if (byType) {
    const positions = positionsOf(byType, reachByType.keys());
    for (let k = 0; k < positions.length; k++) take(facilities[positions[k] as number]!);
  } else {
    for (const f of facilities) take(f);
  }
  for (const f of extras) {
    if (codes.has(f.code)) {
      throw new Error(`Invalid input to ${fn}: extra facility code ${JSON.stringify(f.code)} is already in use (exclude the snapshot's one first)`);
    }
    codes.add(f.code);
    const reachMeters = reachByType.get(f.type);
    if (reachMeters !== undefined) out.push({ code: f.code, type: f.type, lon: f.lon, lat: f.lat, reachMeters });
  }
  return out;
}
