// Sequential colour scales for communities (coverage rate, 2SFCA accessibility): classes, the
// MapLibre expression that colours a community from its feature-state, and the legend entries.
// Colours are ColorBrewer sequential schemes (Brewer & Harrower), listed there as colour-blind
// safe; their lightness falls monotonically, which survives every colour-vision deficiency
// (tests/unit/map-client/scales.test.ts checks it under simulation).
import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec';

/** The feature-state key that carries a community's thematic value. */
export const VALUE_STATE = 'value';

/** ColorBrewer YlGnBu, 5 classes (light = low). */
export const YLGNBU_5 = ['#FFFFCC', '#A1DAB4', '#41B6C4', '#2C7FB8', '#253494'] as const;
/** ColorBrewer BuPu, 5 classes (light = low). */
export const BUPU_5 = ['#EDF8FB', '#B3CDE3', '#8C96C6', '#8856A7', '#810F7C'] as const;
/** Communities without a value (no households, not in the answer). */
export const NO_DATA_COLOR = '#B8B8B8';

export type ScaleKind = 'coverage' | 'access';

export interface SequentialScale {
  kind: ScaleKind;
  /** Ascending class boundaries; class i holds values in [breaks[i-1], breaks[i]). */
  breaks: readonly number[];
  /** One colour per class: breaks.length + 1. */
  colors: readonly string[];
  noDataColor: string;
  /** A boundary to mark in the legend (the plan target), if any. */
  target?: number;
}

/** Coverage rate (0–1): 20 % steps, so each class reads as a plain range. */
export const COVERAGE_SCALE: SequentialScale = {
  kind: 'coverage',
  breaks: [0.2, 0.4, 0.6, 0.8],
  colors: YLGNBU_5,
  noDataColor: NO_DATA_COLOR,
};

/**
 * Accessibility (supply per `per` of demand, e.g. GPs per 10 000 residents) around a target:
 * below half, below, up to 1.5×, up to 2×, above 2× the target.
 *
 * @example
 * accessScale(2).breaks // → [1, 2, 3, 4]
 */
export function accessScale(target: number): SequentialScale {
  // Input validation
  if (!Number.isFinite(target) || target <= 0) throw new Error(`accessScale: target must be a number > 0, got ${target}`);
  return { kind: 'access', breaks: [0.5, 1, 1.5, 2].map((f) => f * target), colors: BUPU_5, noDataColor: NO_DATA_COLOR, target };
}

function checkScale(scale: SequentialScale): void {
  if (scale.colors.length !== scale.breaks.length + 1) {
    throw new Error(`scale: needs ${scale.breaks.length + 1} colours for ${scale.breaks.length} breaks, got ${scale.colors.length}`);
  }
  for (let i = 1; i < scale.breaks.length; i += 1) {
    if (!(scale.breaks[i]! > scale.breaks[i - 1]!)) throw new Error('scale: breaks must be strictly ascending');
  }
}

/** The class of a value (0 … breaks.length), or null when the value is missing. */
export function classOf(scale: SequentialScale, value: number | null | undefined): number | null {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  let index = 0;
  while (index < scale.breaks.length && value >= scale.breaks[index]!) index += 1;
  return index;
}

/** The colour a value is drawn in (the no-data colour when missing). */
export function colorOf(scale: SequentialScale, value: number | null | undefined): string {
  const index = classOf(scale, value);
  return index === null ? scale.noDataColor : scale.colors[index]!;
}

/**
 * The fill colour from the feature-state `value`: a `step` over the classes, the no-data colour
 * when the state holds no number.
 */
export function scaleColorExpression(scale: SequentialScale): ExpressionSpecification {
  checkScale(scale);
  const value: ExpressionSpecification = ['feature-state', VALUE_STATE];
  const steps: (string | number)[] = [scale.colors[0]!];
  scale.breaks.forEach((limit, i) => steps.push(limit, scale.colors[i + 1]!));
  return [
    'case',
    ['==', ['typeof', value], 'number'],
    ['step', ['to-number', value, 0], ...steps] as unknown as ExpressionSpecification,
    scale.noDataColor,
  ];
}

export interface LegendEntry {
  color: string;
  label: string;
  /** Lower bound of the class (null for the first). */
  from: number | null;
  /** Upper bound (exclusive; null for the last). */
  to: number | null;
  /** True when the class starts at the scale's target. */
  fromTarget: boolean;
}

/**
 * One entry per class, low to high, labelled with `format` ("< 20 %", "20–40 %", "≥ 80 %"),
 * then the no-data entry.
 *
 * @example
 * legendEntries(COVERAGE_SCALE, (v) => `${v * 100} %`, 'no data')[0].label // → '< 20 %'
 */
export function legendEntries(scale: SequentialScale, format: (value: number) => string, noDataLabel: string): LegendEntry[] {
  checkScale(scale);
  const { breaks, colors } = scale;
  const entries: LegendEntry[] = colors.map((color, i) => {
    const from = i === 0 ? null : breaks[i - 1]!;
    const to = i === breaks.length ? null : breaks[i]!;
    const label = from === null ? `< ${format(to!)}` : to === null ? `≥ ${format(from)}` : `${format(from)}–${format(to)}`;
    return { color, label, from, to, fromTarget: from !== null && scale.target !== undefined && from === scale.target };
  });
  entries.push({ color: scale.noDataColor, label: noDataLabel, from: null, to: null, fromTarget: false });
  return entries;
}

/**
 * The feature-state key that carries a community's colour: an index into THEMED_PALETTE (#16).
 * The community fill reads it through one expression fixed at style build, so switching theme or
 * type only sets feature-states; swapping a data-driven paint expression makes MapLibre re-parse
 * every community tile in the worker.
 */
export const CLASS_STATE = 'cls';

/** One palette for every scale: coverage classes, then accessibility classes, then no data. */
export const THEMED_PALETTE: readonly string[] = [...YLGNBU_5, ...BUPU_5, NO_DATA_COLOR];
const PALETTE_OFFSET: Readonly<Record<ScaleKind, number>> = { coverage: 0, access: YLGNBU_5.length };
/** The palette index of "no value" under a theme. */
export const NO_DATA_INDEX = THEMED_PALETTE.length - 1;

/**
 * The palette index a value is drawn with under a scale (NO_DATA_INDEX when missing). Throws when
 * the scale's colours are not the palette's slice for its kind, so the fixed expression can never
 * draw a colour the legend does not show.
 *
 * @example
 * paletteIndexOf(accessScale(2), 2.5) // → 5 + 2 = 7
 */
export function paletteIndexOf(scale: SequentialScale, value: number | null | undefined): number {
  const offset = PALETTE_OFFSET[scale.kind];
  const cls = classOf(scale, value);
  if (cls === null) {
    if (scale.noDataColor !== NO_DATA_COLOR) throw new Error(`paletteIndexOf: no-data colour ${scale.noDataColor} is not the palette's`);
    return NO_DATA_INDEX;
  }
  if (scale.colors[cls] !== THEMED_PALETTE[offset + cls]) throw new Error(`paletteIndexOf: the ${scale.kind} scale's colours are not THEMED_PALETTE's`);
  return offset + cls;
}

/**
 * The fill colour from the feature-state `cls` (THEMED_PALETTE index); a community without one
 * (no theme) gets `neutral` (the plain look with hover/selection).
 */
export function paletteColorExpression(neutral: ExpressionSpecification | string): ExpressionSpecification {
  const cls: ExpressionSpecification = ['feature-state', CLASS_STATE];
  const pairs: (string | number)[] = [];
  THEMED_PALETTE.forEach((color, i) => pairs.push(i, color));
  return [
    'case',
    ['==', ['typeof', cls], 'number'],
    ['match', ['to-number', cls, NO_DATA_INDEX], ...pairs, NO_DATA_COLOR] as unknown as ExpressionSpecification,
    neutral,
  ];
}
