/**
 * Input guards of the coverage engine (the "Input validation" blocks), with messages that name
 * the function, the field and the value.
 */
import type { ComputeOptions, CoverageInput, CoverageRule, ScenarioFacility } from './model.ts';
import { ISO_DATE } from './model.ts';

/** Largest reach accepted (the `facility_type.reach_m` CHECK). */
export const MAX_REACH_METERS = 100_000;

const STATUSES = new Set(['open', 'planned', 'closed']);

function fail(fn: string, message: string): never {
  throw new Error(`Invalid input to ${fn}: ${message}`);
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** The conditions of the checks below, without building a message (hot loops). */
function isCount(value: unknown, integer: boolean): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && (!integer || Number.isInteger(value));
}
function isLonLat(lon: unknown, lat: unknown): boolean {
  return typeof lon === 'number' && Number.isFinite(lon) && typeof lat === 'number' && lat >= -90 && lat <= 90;
}
function isDate(value: unknown, nullable: boolean): boolean {
  return (nullable && value === null) || (typeof value === 'string' && ISO_DATE.test(value));
}

function checkCode(fn: string, where: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) fail(fn, `${where} must be a non-empty string, got ${show(value)}`);
}

function checkLonLat(fn: string, where: string, lon: unknown, lat: unknown): void {
  if (typeof lon !== 'number' || !Number.isFinite(lon)) fail(fn, `${where}.lon must be a finite number, got ${show(lon)}`);
  if (typeof lat !== 'number' || !(lat >= -90 && lat <= 90)) fail(fn, `${where}.lat must be a number in [-90, 90], got ${show(lat)}`);
}

function checkCount(fn: string, where: string, value: unknown, integer: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    fail(fn, `${where} must be a${integer ? 'n integer' : ' number'} ≥ 0, got ${show(value)}`);
  }
}

function checkDate(fn: string, where: string, value: unknown, nullable: boolean): void {
  if (nullable && value === null) return;
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    fail(fn, `${where} must be ${nullable ? 'null or ' : ''}an ISO date 'YYYY-MM-DD', got ${show(value)}`);
  }
}

/**
 * Checks a {@link CoverageInput}; throws on the first problem.
 *
 * @private
 */
export function validateCoverageInput(input: CoverageInput, fn: string): void {
  if (!input || typeof input !== 'object') fail(fn, 'input must be an object');
  for (const key of ['communities', 'buildings', 'facilities'] as const) {
    if (!Array.isArray(input[key])) fail(fn, `input.${key} must be an array`);
  }
  const codes = new Set<string>();
  input.communities.forEach((c, i) => {
    if (
      typeof c.code === 'string' && c.code.length > 0 && typeof c.street_code === 'string' && c.street_code.length > 0 &&
      typeof c.district_code === 'string' && c.district_code.length > 0 && !codes.has(c.code) &&
      isCount(c.households, true) && isCount(c.population, false) && isCount(c.elderly, false) &&
      (c.geometry?.type === 'Polygon' || c.geometry?.type === 'MultiPolygon')
    ) {
      codes.add(c.code);
      return;
    }
    const at = `communities[${i}]`;
    checkCode(fn, `${at}.code`, c.code);
    checkCode(fn, `${at}.street_code`, c.street_code);
    checkCode(fn, `${at}.district_code`, c.district_code);
    if (codes.has(c.code)) fail(fn, `${at}.code ${show(c.code)} is duplicated`);
    codes.add(c.code);
    checkCount(fn, `${at}.households`, c.households, true);
    checkCount(fn, `${at}.population`, c.population, false);
    checkCount(fn, `${at}.elderly`, c.elderly, false);
    const type = c.geometry?.type;
    if (type !== 'Polygon' && type !== 'MultiPolygon') fail(fn, `${at}.geometry must be a Polygon or MultiPolygon, got ${show(type)}`);
  });
  input.buildings.forEach((b, i) => {
    // Fast path for the ~10⁶ good rows: the messages (and their strings) only when a check fails.
    if (
      typeof b.code === 'string' && b.code.length > 0 &&
      (b.community_code === null || codes.has(b.community_code)) &&
      isCount(b.households, true) && isLonLat(b.lon, b.lat)
    ) return;
    const at = `buildings[${i}]`;
    checkCode(fn, `${at}.code`, b.code);
    if (b.community_code !== null && !codes.has(b.community_code)) {
      fail(fn, `${at}.community_code ${show(b.community_code)} is not a community code (use null for none)`);
    }
    checkCount(fn, `${at}.households`, b.households, true);
    checkLonLat(fn, at, b.lon, b.lat);
  });
  const facilityCodes = new Set<string>();
  input.facilities.forEach((f, i) => {
    if (
      typeof f.code === 'string' && f.code.length > 0 && !facilityCodes.has(f.code) &&
      typeof f.type === 'string' && f.type.length > 0 && STATUSES.has(f.status) &&
      isDate(f.opened_on, true) && isDate(f.closed_on, true) && isLonLat(f.lon, f.lat)
    ) {
      facilityCodes.add(f.code);
      return;
    }
    const at = `facilities[${i}]`;
    checkCode(fn, `${at}.code`, f.code);
    if (facilityCodes.has(f.code)) fail(fn, `${at}.code ${show(f.code)} is duplicated`);
    facilityCodes.add(f.code);
    checkCode(fn, `${at}.type`, f.type);
    if (!STATUSES.has(f.status)) fail(fn, `${at}.status must be 'open', 'planned' or 'closed', got ${show(f.status)}`);
    checkDate(fn, `${at}.opened_on`, f.opened_on, true);
    checkDate(fn, `${at}.closed_on`, f.closed_on, true);
    checkLonLat(fn, at, f.lon, f.lat);
  });
}

/**
 * Checks a rule and returns its reach per type (the largest when a type repeats).
 *
 * @private
 */
export function validateRule(rule: CoverageRule, fn: string): Map<string, number> {
  if (!Array.isArray(rule) || rule.length === 0) fail(fn, 'rule must be a non-empty array of { type, reachMeters }');
  const reachByType = new Map<string, number>();
  rule.forEach((part, i) => {
    checkCode(fn, `rule[${i}].type`, part?.type);
    const reach = part.reachMeters;
    if (typeof reach !== 'number' || !(reach > 0 && reach <= MAX_REACH_METERS)) {
      fail(fn, `rule[${i}].reachMeters must be a number in (0, ${MAX_REACH_METERS}], got ${show(reach)}`);
    }
    reachByType.set(part.type, Math.max(reach, reachByType.get(part.type) ?? 0));
  });
  return reachByType;
}

/**
 * Checks one scenario facility.
 *
 * @private
 */
export function validateScenarioFacility(f: ScenarioFacility, fn: string, where: string): void {
  if (!f || typeof f !== 'object') fail(fn, `${where} must be an object`);
  checkCode(fn, `${where}.code`, f.code);
  checkCode(fn, `${where}.type`, f.type);
  checkLonLat(fn, where, f.lon, f.lat);
}

/**
 * Checks compute options.
 *
 * @private
 */
export function validateComputeOptions(options: ComputeOptions, fn: string): void {
  if (!options || typeof options !== 'object') fail(fn, "options must be an object with asOf: 'YYYY-MM-DD'");
  checkDate(fn, 'options.asOf', options.asOf, false);
  for (const key of ['includePlanned', 'buildingFlags'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') fail(fn, `options.${key} must be a boolean, got ${show(options[key])}`);
  }
  if (options.extraFacilities !== undefined) {
    if (!Array.isArray(options.extraFacilities)) fail(fn, 'options.extraFacilities must be an array');
    options.extraFacilities.forEach((f, i) => validateScenarioFacility(f, fn, `options.extraFacilities[${i}]`));
  }
  if (options.excludedFacilityCodes !== undefined) {
    if (!Array.isArray(options.excludedFacilityCodes)) fail(fn, 'options.excludedFacilityCodes must be an array of codes');
    options.excludedFacilityCodes.forEach((c, i) => checkCode(fn, `options.excludedFacilityCodes[${i}]`, c));
  }
}

/**
 * Checks a community code argument.
 *
 * @private
 */
export function validateCode(value: unknown, fn: string, where: string): void {
  checkCode(fn, where, value);
}
