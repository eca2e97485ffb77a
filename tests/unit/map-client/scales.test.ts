import { expression, latest } from '@maplibre/maplibre-gl-style-spec';
import { describe, expect, it } from 'vitest';
import { MAP_COLORS } from '../../../map-client/src/map/palette.ts';
import {
  BUPU_5,
  COVERAGE_SCALE,
  NO_DATA_COLOR,
  YLGNBU_5,
  accessScale,
  classOf,
  colorOf,
  legendEntries,
  NO_DATA_INDEX,
  paletteIndexOf,
  scaleColorExpression,
  THEMED_PALETTE,
} from '../../../map-client/src/map/scales.ts';
import { CVD as DEFICIENT, NORMAL, lab as labOfLinear, linearRgb, simulate, type Matrix, type Rgb } from './colour-vision.ts';

const CVD: Record<string, Matrix> = { normal: NORMAL, ...DEFICIENT };

/** CIELAB (D65) of a colour seen through a simulation matrix. */
const lab = (hex: string, m: Matrix): Rgb => labOfLinear(simulate(linearRgb(hex), m));
const lightness = (hex: string, m: Matrix) => lab(hex, m)[0];

/** The colour MapLibre paints for a feature-state, via the style-spec's own evaluator. */
function painted(value: unknown): string {
  const parsed = expression.createPropertyExpression(scaleColorExpression(COVERAGE_SCALE), 'fill-color', latest.paint_fill['fill-color'] as never);
  if (parsed.result !== 'success') throw new Error('bad expression');
  const color = (parsed.value as { evaluate: (...args: unknown[]) => { r: number; g: number; b: number } }).evaluate({ zoom: 12 }, { type: 'Polygon', properties: {} }, value === undefined ? {} : { value });
  const hex = (c: number) => Math.round(c * 255).toString(16).padStart(2, '0').toUpperCase();
  return `#${hex(color.r)}${hex(color.g)}${hex(color.b)}`;
}

describe('sequential scales', () => {
  it('should use ColorBrewer YlGnBu and BuPu, 5 classes each', () => {
    expect(YLGNBU_5).toEqual(['#FFFFCC', '#A1DAB4', '#41B6C4', '#2C7FB8', '#253494']);
    expect(BUPU_5).toEqual(['#EDF8FB', '#B3CDE3', '#8C96C6', '#8856A7', '#810F7C']);
  });

  it('should get darker class by class for normal, deutan, protan and tritan vision (readable without hue)', () => {
    for (const colors of [YLGNBU_5, BUPU_5]) {
      for (const [vision, matrix] of Object.entries(CVD)) {
        const l = colors.map((color) => lightness(color, matrix));
        for (let i = 1; i < l.length; i += 1) expect(l[i - 1]! - l[i]!, `${vision} ${colors[i]}`).toBeGreaterThan(5);
      }
    }
  });

  it('should keep the no-data grey apart from every class under every simulated vision (CIE76 ΔE >= 11.5)', () => {
    for (const color of [...YLGNBU_5, ...BUPU_5]) {
      for (const [vision, matrix] of Object.entries(CVD)) {
        const [a, b] = [lab(color, matrix), lab(NO_DATA_COLOR, matrix)];
        expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]), `${vision} ${color}`).toBeGreaterThanOrEqual(11.5);
      }
    }
    expect(NO_DATA_COLOR).not.toBe(MAP_COLORS.communityFill);
  });

  it('should put boundary values in the upper class and missing values in none', () => {
    expect([0, 0.1999, 0.2, 0.5, 0.8, 1].map((v) => classOf(COVERAGE_SCALE, v))).toEqual([0, 0, 1, 2, 4, 4]);
    expect(classOf(COVERAGE_SCALE, null)).toBeNull();
    expect(classOf(COVERAGE_SCALE, Number.NaN)).toBeNull();
    expect(colorOf(COVERAGE_SCALE, undefined)).toBe(NO_DATA_COLOR);
  });

  it('should paint in MapLibre exactly the colour colorOf gives, no-data when the state holds no number', () => {
    for (const value of [0, 0.05, 0.2, 0.39, 0.4, 0.61, 0.79999, 0.8, 1]) expect(painted(value), String(value)).toBe(colorOf(COVERAGE_SCALE, value));
    expect(painted(null)).toBe(NO_DATA_COLOR);
    expect(painted(undefined)).toBe(NO_DATA_COLOR);
    expect(painted('0.9')).toBe(NO_DATA_COLOR);
  });

  it('should centre the accessibility classes on the target', () => {
    expect(accessScale(2).breaks).toEqual([1, 2, 3, 4]);
    expect(accessScale(1.5)).toMatchObject({ kind: 'access', breaks: [0.75, 1.5, 2.25, 3], target: 1.5 });
    expect(() => accessScale(0)).toThrow(/target/);
  });

  it('should label the legend in ranges, mark the target class, and end with no data', () => {
    const percent = (v: number) => `${Math.round(v * 100)} %`;
    expect(legendEntries(COVERAGE_SCALE, percent, 'no data').map((entry) => entry.label)).toEqual(['< 20 %', '20 %–40 %', '40 %–60 %', '60 %–80 %', '≥ 80 %', 'no data']);
    const access = legendEntries(accessScale(2), String, '—');
    expect(access.filter((entry) => entry.fromTarget).map((entry) => entry.label)).toEqual(['2–3']);
    expect(access.map((entry) => entry.color)).toEqual([...BUPU_5, NO_DATA_COLOR]);
  });

  it('should refuse a scale whose colours do not match its classes', () => {
    expect(() => legendEntries({ ...COVERAGE_SCALE, colors: YLGNBU_5.slice(0, 4) }, String, '')).toThrow(/5 colours/);
    expect(() => scaleColorExpression({ ...COVERAGE_SCALE, breaks: [0.4, 0.2, 0.6, 0.8] })).toThrow(/ascending/);
  });
});

describe('paletteIndexOf (#16: one palette for both scales)', () => {
  it('should give each scale its own slice of THEMED_PALETTE, and the no-data index for missing values', () => {
    expect(THEMED_PALETTE).toEqual([...YLGNBU_5, ...BUPU_5, NO_DATA_COLOR]);
    expect([0.1, 0.2, 0.5, 0.79, 0.8, 1].map((v) => paletteIndexOf(COVERAGE_SCALE, v))).toEqual([0, 1, 2, 3, 4, 4]);
    expect([0.5, 1, 2, 2.9, 3, 4, 9].map((v) => paletteIndexOf(accessScale(2), v))).toEqual([5, 6, 7, 7, 8, 9, 9]);
    for (const v of [null, undefined, Number.NaN]) expect(paletteIndexOf(COVERAGE_SCALE, v)).toBe(NO_DATA_INDEX);
    for (const v of [0, 0.3, 0.65, 0.95, null]) expect(THEMED_PALETTE[paletteIndexOf(COVERAGE_SCALE, v)]).toBe(colorOf(COVERAGE_SCALE, v));
    for (const v of [0.2, 1.4, 2.2, 3.5, 5, null]) expect(THEMED_PALETTE[paletteIndexOf(accessScale(2), v)]).toBe(colorOf(accessScale(2), v));
  });

  it('should refuse a scale whose colours the fixed expression cannot draw', () => {
    expect(() => paletteIndexOf({ ...COVERAGE_SCALE, colors: BUPU_5 }, 0.5)).toThrow(/THEMED_PALETTE/);
    expect(() => paletteIndexOf({ ...COVERAGE_SCALE, noDataColor: '#000000' }, null)).toThrow(/no-data/);
  });
});
