// Renders a ChartModel as an accessible SVG (role="img" with a label; values also in <title>s).
import type { ChartModel } from './line-chart.ts';

const SVG = 'http://www.w3.org/2000/svg';

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

export interface RenderChartOptions {
  label: string;
  formatX: (value: number) => string;
  formatY: (value: number) => string;
  testId?: string;
  /** Tooltip of the threshold line (e.g. "Target: 70 %"). */
  thresholdLabel?: string;
}

export function renderChart(model: ChartModel, options: RenderChartOptions): SVGSVGElement {
  const root = svg('svg', { viewBox: `0 0 ${model.width} ${model.height}`, role: 'img', 'aria-label': options.label, class: 'lc-chart' });
  if (options.testId) root.dataset.testid = options.testId;
  root.append(svg('title', {}, options.label));
  const left = model.xTicks.length > 0 ? Math.min(...model.xTicks.map((t) => t.position)) : 0;
  const right = model.xTicks.length > 0 ? Math.max(...model.xTicks.map((t) => t.position)) : model.width;
  for (const tick of model.yTicks) {
    root.append(svg('line', { x1: left - 4, x2: right, y1: tick.position, y2: tick.position, class: tick.value === 0 ? 'lc-chart__axis' : 'lc-chart__grid' }));
    root.append(svg('text', { x: left - 6, y: tick.position + 3.5, 'text-anchor': 'end', class: 'lc-chart__tick' }, options.formatY(tick.value)));
  }
  for (const tick of model.xTicks) {
    root.append(svg('text', { x: tick.position, y: model.height - 6, 'text-anchor': 'middle', class: 'lc-chart__tick' }, options.formatX(tick.value)));
  }
  if (model.thresholdY !== null) {
    const line = svg('line', { x1: left, x2: right, y1: model.thresholdY, y2: model.thresholdY, class: 'lc-chart__threshold' });
    if (options.thresholdLabel) line.append(svg('title', {}, options.thresholdLabel));
    root.append(line);
  }
  if (model.path) root.append(svg('path', { d: model.path, class: 'lc-chart__line' }));
  for (const point of model.points) {
    const dot = svg('circle', { cx: point.cx, cy: point.cy, r: 3, class: 'lc-chart__dot', 'data-x': point.x, 'data-y': point.y });
    dot.append(svg('title', {}, `${options.formatX(point.x)}: ${options.formatY(point.y)}`));
    root.append(dot);
  }
  return root;
}
