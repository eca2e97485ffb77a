import type { MultiPolygon, Polygon, Position } from 'geojson';
import { Html, html } from './html.ts';

/** Colour classes of a coverage rate (%), from poorly to well served. */
export const RATE_CLASSES: ReadonlyArray<{ min: number; color: string; label: string }> = [
  { min: 95, color: '#2166ac', label: '≥ 95 %' },
  { min: 85, color: '#67a9cf', label: '85–95 %' },
  { min: 70, color: '#d1e5f0', label: '70–85 %' },
  { min: 50, color: '#fddbc7', label: '50–70 %' },
  { min: 0, color: '#d6604d', label: '< 50 %' },
];
const NO_DATA = '#bdbdbd';
const OUT_OF_SCOPE = '#f2f2f2';

export function rateColor(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return NO_DATA;
  return (RATE_CLASSES.find((c) => rate >= c.min) ?? RATE_CLASSES[RATE_CLASSES.length - 1]!).color;
}

export interface CoverageMapInput {
  shapes: ReadonlyMap<string, Polygon | MultiPolygon>;
  /** Rate (0–100) per in-scope community; communities absent here are drawn as out of scope. */
  rates: ReadonlyMap<string, number | null>;
  /** Open facilities of the target's types. */
  facilities: ReadonlyArray<{ lon: number; lat: number }>;
  /** Unit labels (e.g. each district with its rate) at the centre of their communities. */
  labels?: ReadonlyArray<{ text: string; communities: readonly string[] }>;
  title: string;
  /** Unique within the page (clip-path id). */
  id?: string;
  lang: 'zh' | 'en';
  width?: number;
  maxHeight?: number;
}

function ringsOf(g: Polygon | MultiPolygon): Position[][] {
  return g.type === 'Polygon' ? g.coordinates : g.coordinates.flat();
}

/**
 * An inline SVG map of community polygons coloured by coverage rate, with facilities as dots,
 * unit labels, a legend and a scale bar. Lon/lat are projected equirectangularly at the city's
 * mean latitude (fine for a figure of one city).
 */
export function coverageMapSvg(input: CoverageMapInput): Html {
  const width = input.width ?? 680;
  const maxHeight = input.maxHeight ?? 560;
  // Frame the communities in scope (all when none is), plus a margin.
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  const framed = [...input.shapes.keys()].some((c) => input.rates.has(c)) ? (c: string) => input.rates.has(c) : () => true;
  for (const [code, g] of input.shapes) {
    if (!framed(code)) continue;
    for (const ring of ringsOf(g)) {
      for (const [lon, lat] of ring) {
        minLon = Math.min(minLon, lon!);
        maxLon = Math.max(maxLon, lon!);
        minLat = Math.min(minLat, lat!);
        maxLat = Math.max(maxLat, lat!);
      }
    }
  }
  const marginLon = (maxLon - minLon) * 0.04;
  const marginLat = (maxLat - minLat) * 0.04;
  minLon -= marginLon;
  maxLon += marginLon;
  minLat -= marginLat;
  maxLat += marginLat;
  if (!Number.isFinite(minLon)) return html`<p class="muted">${input.lang === 'zh' ? '无社区边界,无法绘图。' : 'No community shapes to draw.'}</p>`;
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const legendH = 44;
  let scale = (width - 20) / spanX;
  if (spanY * scale > maxHeight - legendH) scale = (maxHeight - legendH - 20) / spanY;
  const mapW = spanX * scale;
  const mapH = spanY * scale;
  const ox = (width - mapW) / 2;
  const oy = 10;
  const height = Math.ceil(mapH + oy + legendH + 10);
  const px = (lon: number) => ox + (lon - minLon) * k * scale;
  const py = (lat: number) => oy + (maxLat - lat) * scale;
  const r1 = (v: number) => Math.round(v * 10) / 10;

  const paths: string[] = [];
  const centres = new Map<string, [number, number]>();
  const visible = (g: Polygon | MultiPolygon) =>
    ringsOf(g).some((ring) => ring.some(([lon, lat]) => lon! >= minLon && lon! <= maxLon && lat! >= minLat && lat! <= maxLat));
  for (const [code, g] of input.shapes) {
    if (!visible(g)) continue;
    const d = ringsOf(g)
      .map((ring) => `M${ring.map(([lon, lat]) => `${r1(px(lon!))} ${r1(py(lat!))}`).join('L')}Z`)
      .join('');
    const inScope = input.rates.has(code);
    const fill = inScope ? rateColor(input.rates.get(code)) : OUT_OF_SCOPE;
    paths.push(`<path d="${d}" fill="${fill}"/>`);
    const outer = ringsOf(g)[0] ?? [];
    if (outer.length > 0) {
      const cx = outer.reduce((s, p) => s + px(p[0]!), 0) / outer.length;
      const cy = outer.reduce((s, p) => s + py(p[1]!), 0) / outer.length;
      centres.set(code, [cx, cy]);
    }
  }
  const dots = input.facilities
    .filter((f) => f.lon >= minLon && f.lon <= maxLon && f.lat >= minLat && f.lat <= maxLat)
    .map((f) => `<circle cx="${r1(px(f.lon))}" cy="${r1(py(f.lat))}" r="1.6"/>`)
    .join('');
  const labels = (input.labels ?? []).map((l) => {
    const pts = l.communities.map((c) => centres.get(c)).filter((p): p is [number, number] => p !== undefined);
    if (pts.length === 0) return html``;
    const x = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const y = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    return html`<text x="${r1(x)}" y="${r1(y)}" class="map-label">${l.text}</text>`;
  });

  // Scale bar: a round length near a fifth of the map width (1° of latitude ≈ 111.32 km).
  const metresPerUnit = 111_320 / scale;
  const target = (mapW / 5) * metresPerUnit;
  const nice = [100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000].reduce((best, v) => (Math.abs(v - target) < Math.abs(best - target) ? v : best), 1000);
  const barPx = nice / metresPerUnit;
  const barLabel = nice >= 1000 ? `${nice / 1000} km` : `${nice} m`;
  const ly = r1(oy + mapH + 16);
  const legend = [...RATE_CLASSES].reverse().map((c, i) => html`<rect x="${10 + i * 84}" y="${ly}" width="14" height="10" fill="${c.color}"/><text x="${28 + i * 84}" y="${ly + 9}" class="map-legend">${c.label}</text>`);
  const clipId = `clip-${(input.id ?? 'map').replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const extra = input.lang === 'zh' ? ['无住户', '不在范围内', '设施'] : ['no households', 'out of scope', 'facility'];
  return html`<svg class="map" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${input.title}" xmlns="http://www.w3.org/2000/svg">
<title>${input.title}</title>
<defs><clipPath id="${clipId}"><rect x="${r1(ox)}" y="${oy}" width="${r1(mapW)}" height="${r1(mapH)}"/></clipPath></defs>
<!-- paths and dots: markup built from numbers only -->
<g clip-path="url(#${clipId})"><g stroke="#ffffff" stroke-width="0.4">${new Html(paths.join(''))}</g>
<g fill="#1a1a1a" fill-opacity="0.75">${new Html(dots)}</g></g>
${labels}
<g>${legend}
<rect x="${10 + 5 * 84}" y="${ly}" width="14" height="10" fill="${NO_DATA}"/><text x="${28 + 5 * 84}" y="${ly + 9}" class="map-legend">${extra[0]}</text>
<rect x="${10 + 6 * 84}" y="${ly}" width="14" height="10" fill="${OUT_OF_SCOPE}" stroke="#999" stroke-width="0.5"/><text x="${28 + 6 * 84}" y="${ly + 9}" class="map-legend">${extra[1]}</text>
<circle cx="${17}" cy="${ly + 24}" r="2" fill="#1a1a1a"/><text x="${28}" y="${ly + 27}" class="map-legend">${extra[2]}</text>
<line x1="${r1(width - 20 - barPx)}" y1="${ly + 24}" x2="${width - 20}" y2="${ly + 24}" stroke="#1a1a1a" stroke-width="2"/>
<text x="${r1(width - 20 - barPx / 2)}" y="${ly + 20}" class="map-legend" text-anchor="middle">${barLabel}</text></g>
</svg>`;
}
