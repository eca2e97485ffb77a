import type { AccessibilityFacility } from './model.ts';
import { validateAccessibilityInput } from './validate.ts';

/**
 * A scenario's facility changes over a facility list: the codes it takes out (closed, or moved:
 * taken out and put back at the new point) and the facilities it puts in (added, or moved).
 */
export interface FacilityChanges {
  remove: readonly string[];
  add: readonly AccessibilityFacility[];
}

/** The engine's own copy of a facility (only the fields it reads). @private */
export function ownFacility(f: AccessibilityFacility): AccessibilityFacility {
  return { code: f.code, type: f.type, status: f.status, opened_on: f.opened_on, closed_on: f.closed_on, lon: f.lon, lat: f.lat, gp_count: f.gp_count, beds: f.beds, floor_area_m2: f.floor_area_m2 };
}

/** Code order (the engine's facility order: JavaScript string comparison). @private */
export function byCode(a: { code: string }, b: { code: string }): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/**
 * A facility list in code order with `changes` applied, in code order: the listed codes taken out,
 * the added facilities (validated and copied; the list's own are shared) merged in. Costs one pass
 * over the list plus the changes, no sort or validation of the unchanged facilities. Equal to
 * sorting the list that results from the same changes.
 * Throws when a removed code is not in the list (or listed twice) or an added code is already in it
 * (or added twice).
 *
 * @param {readonly AccessibilityFacility[]} sorted the current list, in code order (codes unique)
 * @param {FacilityChanges} changes codes to remove, facilities to add
 * @param {string} fn the public name, for error messages
 * @returns {AccessibilityFacility[]} the new list, in code order
 * @example
 * applyFacilityChanges(engineList, { remove: ['F1'], add: [{ ...f1, lon: 118.1 }] }, 'engine.withChanges'); // F1 moved
 * @private
 */
export function applyFacilityChanges(sorted: readonly AccessibilityFacility[], changes: FacilityChanges, fn: string): AccessibilityFacility[] {
  // Input validation
  if (!changes || typeof changes !== 'object') throw new Error(`Invalid input to ${fn}: changes must be an object { remove, add }`);
  const { remove, add } = changes;
  if (!Array.isArray(remove) || remove.some((c) => typeof c !== 'string')) throw new Error(`Invalid input to ${fn}: changes.remove must be an array of facility codes`);
  if (!Array.isArray(add)) throw new Error(`Invalid input to ${fn}: changes.add must be an array of facilities`);
  validateAccessibilityInput({ communities: [], buildings: [], facilities: add }, fn); // also refuses a code added twice
  const removed = new Set(remove);
  if (removed.size !== remove.length) throw new Error(`Invalid input to ${fn}: changes.remove lists a code twice`);

  const added = add.map(ownFacility).sort(byCode);
  // Where each removed code stands and where each added facility goes (binary search), then one copy between them.
  const at = (code: string): number => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as AccessibilityFacility).code < code) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const missing: string[] = [];
  const gone = remove.map((code) => {
    const i = at(code);
    if (sorted[i]?.code !== code) missing.push(code);
    return i;
  }).sort((x, y) => x - y);
  if (missing.length > 0) throw new Error(`Invalid input to ${fn}: changes.remove code ${missing.map((c) => JSON.stringify(c)).join(', ')} is not a facility`);
  const into = added.map((f) => {
    const i = at(f.code);
    if (sorted[i]?.code === f.code && !removed.has(f.code)) {
      throw new Error(`Invalid input to ${fn}: changes.add code ${JSON.stringify(f.code)} is already a facility (remove it first to move it)`);
    }
    return i;
  });
  const out = new Array<AccessibilityFacility>(sorted.length - gone.length + added.length);
  let n = 0;
  let pos = 0;
  let r = 0;
  let a = 0;
  for (;;) {
    const nextGone = r < gone.length ? (gone[r] as number) : sorted.length;
    const nextInto = a < into.length ? (into[a] as number) : sorted.length;
    const next = Math.min(nextGone, nextInto);
    for (; pos < next; pos++) out[n++] = sorted[pos] as AccessibilityFacility;
    if (a < into.length && nextInto === pos) {
      out[n++] = added[a++] as AccessibilityFacility; // before sorted[pos] (an added code equal to a removed one goes where it was)
    } else if (r < gone.length) {
      pos++; // nextGone === pos: left out
      r++;
    } else {
      break;
    }
  }
  for (; pos < sorted.length; pos++) out[n++] = sorted[pos] as AccessibilityFacility;
  return out;
}
