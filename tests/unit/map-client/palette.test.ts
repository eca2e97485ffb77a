import { describe, expect, it } from 'vitest';
import {
  FACILITY_RING_COLOR,
  FACILITY_TYPE_COLORS,
  FACILITY_TYPE_KIN,
  MAP_COLORS,
  PRIMARY_FACILITY_TYPES,
  UNKNOWN_TYPE_COLOR,
  facilityTypeColor,
  isRingedType,
  sortFacilityTypes,
} from '../../../map-client/src/map/palette.ts';
import { loadCatalogue } from './catalogue.ts';
import { CVD, lab, linearRgb, simulate, type Rgb } from './colour-vision.ts';

const distance = (a: Rgb, b: Rgb) => {
  const [la, lb] = [lab(a), lab(b)];
  return Math.hypot(la[0] - lb[0], la[1] - lb[1], la[2] - lb[2]);
};
const deltaE = (a: string, b: string) => distance(linearRgb(a), linearRgb(b));

function closestPair(colors: string[], measure: (a: string, b: string) => number): number {
  let closest = Infinity;
  for (let i = 0; i < colors.length; i += 1) {
    for (let j = i + 1; j < colors.length; j += 1) closest = Math.min(closest, measure(colors[i]!, colors[j]!));
  }
  return closest;
}

describe('facility palette', () => {
  const types = loadCatalogue();
  const primaries = types.filter((type) => !isRingedType(type.code));

  it('should have a colour for each catalogue type, none the unknown-type grey', () => {
    expect(types.length).toBeGreaterThanOrEqual(37);
    for (const type of types) {
      expect(FACILITY_TYPE_COLORS[type.code], type.code).toMatch(/^#[0-9A-F]{6}$/);
      expect(facilityTypeColor(type.code), type.code).not.toBe(UNKNOWN_TYPE_COLOR);
    }
  });

  it('should split the catalogue into the 16 primary types and ringed kin of a primary type', () => {
    expect(primaries.map((type) => type.code)).toEqual([...PRIMARY_FACILITY_TYPES]);
    for (const type of types.filter((candidate) => isRingedType(candidate.code))) {
      const kin = FACILITY_TYPE_KIN[type.code]!;
      expect(PRIMARY_FACILITY_TYPES, type.code).toContain(kin);
      expect(facilityTypeColor(type.code), type.code).toBe(facilityTypeColor(kin));
    }
  });

  it('should give the 16 primary types 16 distinct colours', () => {
    expect(new Set(primaries.map((type) => facilityTypeColor(type.code))).size).toBe(16);
  });

  it('should draw two types alike (colour and ring) only when they are ringed kin of the same primary type', () => {
    const symbol = (code: string) => `${facilityTypeColor(code)}|${isRingedType(code)}`;
    for (let i = 0; i < types.length; i += 1) {
      for (let j = i + 1; j < types.length; j += 1) {
        const [a, b] = [types[i]!.code, types[j]!.code];
        if (symbol(a) !== symbol(b)) continue;
        expect(isRingedType(a) && isRingedType(b) && FACILITY_TYPE_KIN[a] === FACILITY_TYPE_KIN[b], `${a} / ${b}`).toBe(true);
      }
    }
  });

  it('should keep every pair of primary colours perceptibly apart (CIE76 ΔE >= 17)', () => {
    const colors = primaries.map((type) => facilityTypeColor(type.code));

    expect(closestPair(colors, deltaE)).toBeGreaterThanOrEqual(17);
  });

  it('should keep every pair of primary colours apart under simulated deutan, protan and tritan vision (ΔE >= 11.5)', () => {
    const colors = primaries.map((type) => facilityTypeColor(type.code));
    for (const [name, matrix] of Object.entries(CVD)) {
      const simulated = (a: string, b: string) => distance(simulate(linearRgb(a), matrix), simulate(linearRgb(b), matrix));
      expect(closestPair(colors, simulated), name).toBeGreaterThanOrEqual(11.5);
    }
  });

  it('should make the ring stand out from every fill it surrounds (ΔE >= 25), so no kin of a near-black type', () => {
    for (const type of types.filter((candidate) => isRingedType(candidate.code))) {
      expect(deltaE(facilityTypeColor(type.code), FACILITY_RING_COLOR), type.code).toBeGreaterThanOrEqual(25);
    }
  });

  it('should keep every type colour visible on the map background (ΔE >= 25)', () => {
    for (const type of types) {
      expect(deltaE(facilityTypeColor(type.code), MAP_COLORS.background), type.code).toBeGreaterThanOrEqual(25);
    }
  });

  it('should fall back to grey for a type it does not know', () => {
    expect(facilityTypeColor('space_port')).toBe(UNKNOWN_TYPE_COLOR);
  });

  it('should order types like the catalogue, unknown types last, without mutating the input', () => {
    const shuffled = [{ code: 'space_port' }, ...[...types].reverse(), { code: 'moon_base' }];
    const before = structuredClone(shuffled);

    const sorted = sortFacilityTypes(shuffled).map((type) => type.code);

    expect(sorted).toEqual([...types.map((type) => type.code), 'space_port', 'moon_base']);
    expect(shuffled).toEqual(before);
  });
});
