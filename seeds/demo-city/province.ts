/**
 * A province of demo cities (issue 19): several deterministic 示范市-style cities side by side, about
 * 30 000 communities, 1.2 million buildings and 360 000 facilities at the defaults, written to files
 * city by city so memory stays bounded by the largest city (one `generateCity` at a time, ~0.5 GB for
 * 6 000 communities), never by the province.
 *
 * Every code of city k (1-based) is prefixed with `P` + two digits: districts `P03D01`, streets
 * `P03D01S02`, communities `P03D01S02C07`, buildings `P03D01S02C07B001`, facilities `P03F000001`,
 * network lines `P03N000001`. Cities sit on a grid `spacingDeg` apart around `center`, so their
 * communities never overlap (checked). City k uses seed `seed + k`.
 *
 * Districts carry `properties.class` (城区 / 近郊区 / 远郊区县) by where they lie in their city
 * (./province-classes.ts), as the demo city's districts do.
 *
 * Files (`writeProvince`): `units.csv` (districts with their class, and streets; no shapes), `communities.geojson`,
 * `buildings.geojson` (no community_code: the import assigns each by location), `facilities.geojson`
 * and `network.geojson` (the walkable lines, then the railways with `walkable: false`). They are the
 * files the import service takes (`importProvince`, `lifecircle generate --import`).
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { generateCity, type City } from './generate.ts';
import { districtClasses } from './province-classes.ts';

/** Communities per city at the defaults: 30 000 in 9 cities. */
export const PROVINCE_CITIES: readonly number[] = [6000, 4000, 4000, 3000, 3000, 3000, 2500, 2500, 2000];

export interface ProvinceOptions {
  /** Base seed; city k uses seed + k. Default 20260101. */
  seed?: number;
  /** Communities of each city (30–8 000 each). Default {@link PROVINCE_CITIES}. */
  cities?: readonly number[];
  /** Mean buildings per community. Default 40. */
  buildingsPerCommunity?: number;
  /** Mean facilities per community, all types. Default 12. */
  facilitiesPerCommunity?: number;
  /** [lon, lat] of the first city. Default [116.0, 36.3]. */
  center?: [number, number];
  /** Grid spacing of city centres in degrees. Default 1.4 (a 6 000-community city spans ~0.9–1.2°, depending on its seed). */
  spacingDeg?: number;
}

/** One city of the province, its codes already prefixed. */
export interface ProvinceCity {
  index: number;
  prefix: string;
  center: [number, number];
  city: City;
  bounds: [number, number, number, number];
}

export interface ProvinceSummary {
  cities: Array<{ prefix: string; center: [number, number]; communities: number; buildings: number; facilities: number; network_lines: number }>;
  districts: number;
  streets: number;
  communities: number;
  buildings: number;
  facilities: number;
  network_lines: number;
  bounds: [number, number, number, number];
  files: Record<ProvinceFile, string>;
}

export const PROVINCE_FILES = ['units.csv', 'communities.geojson', 'buildings.geojson', 'facilities.geojson', 'network.geojson'] as const;
export type ProvinceFile = (typeof PROVINCE_FILES)[number];

const DEFAULTS = { seed: 20260101, buildingsPerCommunity: 40, facilitiesPerCommunity: 12, center: [116.0, 36.3] as [number, number], spacingDeg: 1.4 };

function boundsOf(city: City): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const f of city.communities.features) {
    for (const polygon of f.geometry.coordinates) {
      for (const ring of polygon) {
        for (const [x, y] of ring) {
          if (x! < w) w = x!;
          if (x! > e) e = x!;
          if (y! < s) s = y!;
          if (y! > n) n = y!;
        }
      }
    }
  }
  return [w, s, e, n];
}

const overlaps = (a: readonly number[], b: readonly number[]) => a[0]! < b[2]! && b[0]! < a[2]! && a[1]! < b[3]! && b[1]! < a[3]!;

/** Prefixes every code of a generated city with `prefix` (in place). @private */
function prefixCodes(city: City, prefix: string): void {
  for (const d of city.districts) d.code = prefix + d.code;
  for (const s of city.streets) {
    s.code = prefix + s.code;
    s.district_code = prefix + s.district_code;
  }
  for (const f of city.communities.features) {
    f.properties.code = prefix + f.properties.code;
    f.properties.street_code = prefix + f.properties.street_code;
    f.id = f.properties.code;
  }
  for (const f of city.buildings.features) {
    f.properties.code = prefix + f.properties.code;
    f.properties.community_code = prefix + f.properties.community_code;
    f.id = f.properties.code;
  }
  for (const f of city.facilities.features) {
    f.properties.code = prefix + f.properties.code;
    f.id = f.properties.code;
  }
  for (const f of city.network.features) f.id = `${prefix}${String(f.id)}`;
}

/**
 * Sets each district's properties.class by where it lies in its city (./province-classes.ts): the
 * urban districts nearest the centre 城区, the other urban ones 近郊区, the counties 远郊区县. @private
 */
function setDistrictClasses(city: City, center: [number, number]): void {
  const districtOfStreet = new Map(city.streets.map((s) => [s.code, s.district_code]));
  const communities = city.communities.features.map((f) => ({ street_code: f.properties.street_code, ring: f.geometry.coordinates[0]?.[0] ?? [] }));
  const classes = districtClasses(city.districts, districtOfStreet, communities, center);
  for (const d of city.districts) d.properties = { ...d.properties, class: classes.get(d.code) };
}

/**
 * The cities of the province, one at a time (each can be collected once the caller moves on).
 * @throws {Error} on bad options or when two cities' communities would overlap (spacing too small)
 */
export function* provinceCities(options: ProvinceOptions = {}): Generator<ProvinceCity> {
  const seed = options.seed ?? DEFAULTS.seed;
  const sizes = options.cities ?? PROVINCE_CITIES;
  const center = options.center ?? DEFAULTS.center;
  const spacing = options.spacingDeg ?? DEFAULTS.spacingDeg;
  if (!Array.isArray(sizes) || sizes.length < 1 || sizes.length > 99) throw new Error('cities must list 1–99 city sizes');
  for (const n of sizes) {
    if (!Number.isInteger(n) || n < 30 || n > 8000) throw new Error(`each city has 30–8000 communities, got ${String(n)}`);
  }
  if (!(spacing > 0 && spacing <= 10)) throw new Error(`spacingDeg must be in (0, 10], got ${String(spacing)}`);
  const columns = Math.ceil(Math.sqrt(sizes.length));
  const placed: Array<[number, number, number, number]> = [];
  for (let k = 0; k < sizes.length; k += 1) {
    const prefix = `P${String(k + 1).padStart(2, '0')}`;
    const cityCenter: [number, number] = [
      Math.round((center[0] + (k % columns) * spacing) * 1e6) / 1e6,
      Math.round((center[1] + Math.floor(k / columns) * spacing) * 1e6) / 1e6,
    ];
    const city = generateCity({
      seed: seed + k + 1,
      communities: sizes[k]!,
      buildingsPerCommunity: options.buildingsPerCommunity ?? DEFAULTS.buildingsPerCommunity,
      facilitiesPerCommunity: options.facilitiesPerCommunity ?? DEFAULTS.facilitiesPerCommunity,
      center: cityCenter,
    });
    prefixCodes(city, prefix);
    setDistrictClasses(city, cityCenter);
    const bounds = boundsOf(city);
    const other = placed.findIndex((b) => overlaps(b, bounds));
    if (other >= 0) throw new Error(`city ${prefix} overlaps city P${String(other + 1).padStart(2, '0')}: raise spacingDeg`);
    placed.push(bounds);
    yield { index: k, prefix, center: cityCenter, city, bounds };
  }
}

const csvCell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** A file written piece by piece, waiting for the stream to drain. @private */
class Sink {
  private readonly out: WriteStream;
  constructor(file: string) {
    this.out = createWriteStream(file);
  }
  async write(text: string): Promise<void> {
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
  async close(): Promise<void> {
    this.out.end();
    await once(this.out, 'finish');
  }
}

/** A FeatureCollection written feature by feature. @private */
class CollectionSink {
  private readonly sink: Sink;
  private first = true;
  private buffer: string[] = [];
  constructor(file: string) {
    this.sink = new Sink(file);
    this.buffer.push('{"type":"FeatureCollection","features":[\n');
  }
  async add(feature: object): Promise<void> {
    this.buffer.push(`${this.first ? '' : ',\n'}${JSON.stringify(feature)}`);
    this.first = false;
    if (this.buffer.length >= 2000) await this.flush();
  }
  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const text = this.buffer.join('');
    this.buffer = [];
    await this.sink.write(text);
  }
  async close(): Promise<void> {
    this.buffer.push('\n]}\n');
    await this.flush();
    await this.sink.close();
  }
}

/**
 * Generates the province city by city into `dir` (created), streaming each file.
 * @returns counts per city and in all, the box and the file paths
 */
export async function writeProvince(
  dir: string,
  options: ProvinceOptions = {},
  onProgress: (message: string) => void = () => {},
): Promise<ProvinceSummary> {
  mkdirSync(dir, { recursive: true });
  const files = Object.fromEntries(PROVINCE_FILES.map((name) => [name, path.join(dir, name)])) as Record<ProvinceFile, string>;
  const units = new Sink(files['units.csv']);
  // class: the district's (城区 / 近郊区 / 远郊区县), kept in its properties by the import; empty for streets.
  await units.write('code,name,kind,district_code,class\n');
  const streetRows: string[] = [];
  const communities = new CollectionSink(files['communities.geojson']);
  const buildings = new CollectionSink(files['buildings.geojson']);
  const facilities = new CollectionSink(files['facilities.geojson']);
  const network = new CollectionSink(files['network.geojson']);
  const barriers: object[] = [];
  const summary: ProvinceSummary = {
    cities: [], districts: 0, streets: 0, communities: 0, buildings: 0, facilities: 0, network_lines: 0,
    bounds: [Infinity, Infinity, -Infinity, -Infinity], files,
  };
  for (const { prefix, center, city, bounds } of provinceCities(options)) {
    onProgress(`city ${prefix}: ${city.communities.features.length} communities, ${city.buildings.features.length} buildings, ${city.facilities.features.length} facilities`);
    for (const d of city.districts) await units.write(`${[d.code, d.name, d.kind, '', d.properties['class']].map(csvCell).join(',')}\n`);
    // Streets after every district: a street row needs its district already in the file.
    for (const s of city.streets) streetRows.push([s.code, s.name, s.kind, s.district_code, ''].map(csvCell).join(','));
    for (const f of city.communities.features) await communities.add(f);
    for (const f of city.buildings.features) {
      await buildings.add({ type: 'Feature', geometry: f.geometry, properties: { code: f.properties.code, households: f.properties.households } });
    }
    for (const f of city.facilities.features) await facilities.add(f);
    for (const f of city.network.features) await network.add(f);
    for (const f of city.barriers.features) barriers.push({ ...f, id: `${prefix}${String(f.id)}`, properties: { ...f.properties, walkable: false } });
    summary.cities.push({
      prefix, center,
      communities: city.communities.features.length,
      buildings: city.buildings.features.length,
      facilities: city.facilities.features.length,
      network_lines: city.network.features.length + city.barriers.features.length,
    });
    summary.districts += city.districts.length;
    summary.streets += city.streets.length;
    summary.communities += city.communities.features.length;
    summary.buildings += city.buildings.features.length;
    summary.facilities += city.facilities.features.length;
    summary.network_lines += city.network.features.length + city.barriers.features.length;
    summary.bounds = [
      Math.min(summary.bounds[0], bounds[0]), Math.min(summary.bounds[1], bounds[1]),
      Math.max(summary.bounds[2], bounds[2]), Math.max(summary.bounds[3], bounds[3]),
    ];
  }
  for (const row of streetRows) await units.write(`${row}\n`);
  for (const f of barriers) await network.add(f);
  await Promise.all([units.close(), communities.close(), buildings.close(), facilities.close(), network.close()]);
  return summary;
}
