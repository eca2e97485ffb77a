// A small line chart as data (no chart library): scaled points, an SVG path, tidy axis ticks and
// an optional threshold line. Pure; render-chart.ts turns it into SVG.

export interface ChartPoint {
  x: number;
  y: number | null;
}

export interface ChartOptions {
  /** @defaultValue 280 */
  width?: number;
  /** @defaultValue 140 */
  height?: number;
  /** Room for axis labels: top, right, bottom, left. @defaultValue [10, 10, 22, 40] */
  padding?: readonly [number, number, number, number];
  /** A horizontal reference line (the target). */
  threshold?: number | null;
  /** Always include 0 on the y axis. @defaultValue true */
  includeZero?: boolean;
}

export interface ChartModel {
  width: number;
  height: number;
  /** SVG path through the points with a value (gaps split it into pieces). */
  path: string;
  points: { x: number; y: number; cx: number; cy: number }[];
  thresholdY: number | null;
  xTicks: { value: number; position: number }[];
  yTicks: { value: number; position: number }[];
  domain: { x: [number, number]; y: [number, number] };
}

/** Tick step of 1, 2 or 5 × 10^k giving about `count` ticks over `span`. */
export function niceStep(span: number, count = 4): number {
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Rounds away float noise (0.30000000000000004 → 0.3). */
function tidy(value: number): number {
  return Number.parseFloat(value.toPrecision(12));
}

/**
 * Lays out a series. The y domain covers the values, the threshold and (by default) zero, widened
 * to whole tick steps; x spans the first to the last point.
 *
 * @example
 * lineChart([{ x: 2003, y: 40 }, { x: 2007, y: 64 }], { threshold: 70 }).yTicks.map((t) => t.value) // → [0, 20, 40, 60, 80]
 */
export function lineChart(series: readonly ChartPoint[], options: ChartOptions = {}): ChartModel {
  // Input validation
  if (!Array.isArray(series)) throw new Error('lineChart: series must be an array of { x, y }');
  const width = options.width ?? 280;
  const height = options.height ?? 140;
  const [top, right, bottom, left] = options.padding ?? [10, 10, 22, 40];
  const threshold = typeof options.threshold === 'number' && Number.isFinite(options.threshold) ? options.threshold : null;

  const values = series.flatMap((p) => (p.y !== null && Number.isFinite(p.y) ? [p.y] : []));
  const ys = [...values, ...(threshold !== null ? [threshold] : []), ...(options.includeZero === false ? [] : [0])];
  let yMin = ys.length > 0 ? Math.min(...ys) : 0;
  let yMax = ys.length > 0 ? Math.max(...ys) : 1;
  if (yMin === yMax) {
    yMax = yMin + 1;
  }
  const step = niceStep(yMax - yMin);
  yMin = tidy(Math.floor(yMin / step) * step);
  yMax = tidy(Math.ceil(yMax / step) * step);

  const xs = series.map((p) => p.x);
  const xMin = xs.length > 0 ? Math.min(...xs) : 0;
  const xMax = xs.length > 0 ? Math.max(...xs) : 1;

  const innerW = width - left - right;
  const innerH = height - top - bottom;
  const scaleX = (x: number) => (xMax === xMin ? left + innerW / 2 : left + ((x - xMin) / (xMax - xMin)) * innerW);
  const scaleY = (y: number) => top + (1 - (y - yMin) / (yMax - yMin)) * innerH;
  const round = (v: number) => Math.round(v * 100) / 100;

  const points: ChartModel['points'] = [];
  let path = '';
  let pen = false;
  for (const p of series) {
    if (p.y === null || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    const cx = round(scaleX(p.x));
    const cy = round(scaleY(p.y));
    points.push({ x: p.x, y: p.y, cx, cy });
    path += `${pen ? 'L' : 'M'}${cx} ${cy}`;
    pen = true;
  }

  const yTicks: ChartModel['yTicks'] = [];
  for (let v = yMin; v <= yMax + step / 2; v = tidy(v + step)) yTicks.push({ value: v, position: round(scaleY(v)) });
  // Every x when there are few (years), else about five.
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const every = Math.max(1, Math.ceil(distinct.length / 6));
  const xTicks = distinct.filter((_, i) => i % every === 0 || i === distinct.length - 1).map((value) => ({ value, position: round(scaleX(value)) }));

  return {
    width,
    height,
    path,
    points,
    thresholdY: threshold === null ? null : round(scaleY(threshold)),
    xTicks,
    yTicks,
    domain: { x: [xMin, xMax], y: [yMin, yMax] },
  };
}
