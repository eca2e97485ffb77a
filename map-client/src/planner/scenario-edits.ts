// Editing a scenario's change list, and drawing it: pure functions over the list the API stores
// (`{op:'add', type, lon, lat, code?} | {op:'move', code, lon, lat} | {op:'close', code}`),
// applied in order by the server. None of them mutates its input.
import type { Feature, FeatureCollection, Point } from 'geojson';
import type { ScenarioChange } from '../state.ts';

/** What the client knows of a baseline facility (from its tile or record). */
export interface FacilityInfo {
  code: string;
  name: string;
  type: string;
  status: string;
  lon: number;
  lat: number;
}

export interface ScenarioFeatureProperties {
  code: string;
  name: string;
  type: string;
  status: 'open' | 'closed';
  change: 'add' | 'move' | 'close';
  /** Index of the change in the list (for undo). */
  index: number;
}

/** Capacity of an added facility: the `facility` table's own fields (null: not given). */
export interface AddedFields {
  beds?: number | null;
  gp_count?: number | null;
  floor_area_m2?: number | null;
}

/** What the add form holds: a name and capacity fields for the next facility placed. */
export interface AddDraft {
  name: string;
  fields: AddedFields;
}

/** Adds a facility (a blank name lets the server name it; empty fields are left out). */
export function addFacility(changes: readonly ScenarioChange[], type: string, lon: number, lat: number, name?: string, fields: AddedFields = {}): ScenarioChange[] {
  const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => typeof value === 'number' && Number.isFinite(value)));
  const trimmed = name?.trim();
  return [...changes, { op: 'add', type, lon, lat, ...(trimmed ? { name: trimmed } : {}), ...(Object.keys(given).length > 0 ? { fields: given } : {}) }];
}

/** Reads the add form's text inputs into fields: whole counts for beds and GPs, area as given. */
export function parseAddedFields(input: { beds?: string; gp_count?: string; floor_area_m2?: string }): { fields: AddedFields; invalid: (keyof AddedFields)[] } {
  const fields: AddedFields = {};
  const invalid: (keyof AddedFields)[] = [];
  for (const key of ['beds', 'gp_count', 'floor_area_m2'] as const) {
    const text = input[key]?.trim() ?? '';
    if (text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value) || value < 0 || (key !== 'floor_area_m2' && !Number.isInteger(value))) invalid.push(key);
    else fields[key] = value;
  }
  return { fields, invalid };
}

/** True when the code is a facility this scenario adds (its own, not the baseline's). */
export function isAdded(changes: readonly ScenarioChange[], code: string): boolean {
  return changes.some((change) => change.op === 'add' && change.code === code);
}

/**
 * Moves a facility: an added one gets its new point; a baseline one gets one move (a later move
 * of the same facility replaces the earlier).
 */
export function moveFacility(changes: readonly ScenarioChange[], code: string, lon: number, lat: number): ScenarioChange[] {
  if (isAdded(changes, code)) {
    return changes.map((change) => (change.op === 'add' && change.code === code ? { ...change, lon, lat } : change));
  }
  return [...changes.filter((change) => !(change.op === 'move' && change.code === code)), { op: 'move', code, lon, lat }];
}

/** Closes a facility: an added one is dropped; a baseline one is closed (its move, if any, dropped). */
export function closeFacility(changes: readonly ScenarioChange[], code: string): ScenarioChange[] {
  if (isAdded(changes, code)) return changes.filter((change) => !(change.op === 'add' && change.code === code));
  if (changes.some((change) => change.op === 'close' && change.code === code)) return [...changes];
  return [...changes.filter((change) => !(change.op === 'move' && change.code === code)), { op: 'close', code }];
}

/** Drops the change at `index`. */
export function undoChange(changes: readonly ScenarioChange[], index: number): ScenarioChange[] {
  return changes.filter((_, i) => i !== index);
}

/** Codes of baseline facilities the list moves or closes, whose details the map needs. */
export function baselineCodes(changes: readonly ScenarioChange[]): string[] {
  return [...new Set(changes.flatMap((change) => (change.op === 'move' || change.op === 'close' ? [change.code] : [])))];
}

/**
 * The scenario's facilities to draw: added ones (open), moved ones at their new point (with the
 * baseline type and name), closed ones at their old point (status closed). A change about a
 * facility the client knows nothing of is left out (its record is still loading).
 */
export function scenarioFeatures(
  changes: readonly ScenarioChange[],
  info: ReadonlyMap<string, FacilityInfo>,
): FeatureCollection<Point, ScenarioFeatureProperties> {
  const features: Feature<Point, ScenarioFeatureProperties>[] = [];
  changes.forEach((change, index) => {
    if (change.op === 'add') {
      const code = change.code ?? `new-${index + 1}`;
      features.push(point(change.lon, change.lat, { code, name: change.name ?? '', type: change.type, status: 'open', change: 'add', index }));
      return;
    }
    const known = info.get(change.code);
    if (!known) return;
    if (change.op === 'move') {
      features.push(point(change.lon, change.lat, { code: change.code, name: known.name, type: known.type, status: 'open', change: 'move', index }));
    } else {
      features.push(point(known.lon, known.lat, { code: change.code, name: known.name, type: known.type, status: 'closed', change: 'close', index }));
    }
  });
  return { type: 'FeatureCollection', features };
}

function point(lon: number, lat: number, properties: ScenarioFeatureProperties): Feature<Point, ScenarioFeatureProperties> {
  return { type: 'Feature', id: properties.code, geometry: { type: 'Point', coordinates: [lon, lat] }, properties };
}
