/**
 * The Wudaokou demo area (Beijing, Haidian: Tsinghua / Peking University / Zhongguancun North
 * Street) built from a real OpenStreetMap extract (© OpenStreetMap contributors, ODbL 1.0; see
 * README.md and ATTRIBUTION.md beside this file): its walkable network, residential buildings
 * with estimated households, facility points mapped to the catalogue types, and communities
 * derived from a grid. Pure: takes the parsed extract, returns the city as plain data.
 */
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { difference, featureCollection } from '@turf/turf';
import type { CityData, FacilityProps } from '../../api/src/db/load-city.ts';
import { geodesicAreaSquareMeters } from '../../api/src/domain/geo/geodesic-area.ts';
import { osmWalkingLines, type OsmSource } from '../../api/src/domain/network/osm-lines.ts';
import catalogue from '../facility-types.json' with { type: 'json' };

export const ATTRIBUTION = '© OpenStreetMap contributors (ODbL 1.0, https://www.openstreetmap.org/copyright)';

/**
 * Households of a residential building, estimated from its footprint:
 * households = max(1, round(footprint_m² × levels × NET_TO_GROSS / DWELLING_M2)).
 * Levels come from `building:levels` when tagged (11 of 521 buildings are), else DEFAULT_LEVELS
 * by building kind.
 */
export const HOUSEHOLD_ESTIMATE = {
  /** Share of gross floor area that is dwellings (stairs, corridors, walls excluded). */
  NET_TO_GROSS: 0.75,
  /** Mean dwelling size, m² of net floor area (Beijing staff housing of the 1980s–2000s: 60–120 m²). */
  DWELLING_M2: 90,
  /** Levels when untagged: walk-up staff housing is mostly 5–6 storeys. */
  DEFAULT_LEVELS: { residential: 6, apartments: 6, yes: 6, house: 2, detached: 2, terrace: 3 } as Record<string, number>,
  /** Persons per household: Beijing, 7th national census (2020), 2.31. */
  PERSONS_PER_HOUSEHOLD: 2.31,
  /** Share of residents aged 60+: Beijing, 7th national census (2020), 19.6 %. */
  ELDERLY_SHARE: 0.196,
} as const;

/** Buildings counted as homes: these `building` values, and `building=yes` inside `landuse=residential`. Dormitories are not households. */
const RESIDENTIAL = new Set(['residential', 'apartments', 'house', 'detached', 'terrace']);

/** Grid cell of the communities made of the homes outside every real polygon, metres. */
export const COMMUNITY_GRID_M = 500;

/** Areas whose outline is a community when homes lie in it: landuse=residential, and these amenities (campuses with staff housing). */
const CAMPUS_KINDS = new Set(['university', 'college', 'school', 'kindergarten']);
const COMMUNITY_KIND_ZH: Record<string, string> = { residential: '住宅区', university: '校园', college: '校园', school: '校园', kindergarten: '校园' };

/**
 * How communities are drawn (documented in README.md): every closed way with landuse=residential or
 * amenity=university|college|school|kindergarten that holds homes is a community, with its OSM name
 * and outline (less the smaller such polygons overlapping it that are communities themselves); a home
 * belongs to the smallest one holding it. The homes in none of them are grouped by 500 m grid
 * cell, each cell (less the polygon communities) one community named 五道口网格<cell>（其余住宅）.
 */
export const COMMUNITY_RULE = 'osm-polygons-then-grid';

/** OSM tags → catalogue facility type (the first rule that matches). */
const FACILITY_RULES: Array<{ type: string; match: (t: Record<string, string>) => boolean; note: string }> = [
  { type: 'health_center', match: (t) => t['amenity'] === 'hospital', note: 'amenity=hospital (university hospitals serve the area as its health centres)' },
  { type: 'health_station', match: (t) => t['amenity'] === 'clinic' || t['amenity'] === 'doctors' || t['healthcare'] !== undefined, note: 'amenity=clinic|doctors, healthcare=*' },
  { type: 'elderly_home', match: (t) => t['amenity'] === 'nursing_home' || t['amenity'] === 'social_facility', note: 'amenity=nursing_home|social_facility' },
  { type: 'community_service_station', match: (t) => t['amenity'] === 'community_centre' || t['amenity'] === 'social_centre', note: 'amenity=community_centre|social_centre' },
  { type: 'culture_station', match: (t) => ['library', 'arts_centre', 'theatre'].includes(t['amenity'] ?? ''), note: 'amenity=library|arts_centre|theatre' },
  { type: 'police_office', match: (t) => t['amenity'] === 'police', note: 'amenity=police' },
  {
    type: 'fitness_ground',
    match: (t) => ['park', 'garden', 'playground', 'fitness_station', 'pitch', 'stadium', 'track'].includes(t['leisure'] ?? ''),
    note: 'leisure=park|garden|playground|fitness_station|pitch|stadium|track (outdoor)',
  },
  {
    type: 'convenience_outlet',
    match: (t) => ['convenience', 'supermarket', 'greengrocer', 'kiosk', 'laundry', 'dry_cleaning', 'hairdresser', 'bakery'].includes(t['shop'] ?? '') || t['amenity'] === 'post_office',
    note: 'shop=convenience|supermarket|greengrocer|kiosk|laundry|dry_cleaning|hairdresser|bakery, amenity=post_office',
  },
];

/** The tag mapping, for the documentation. */
export const FACILITY_MAPPING = FACILITY_RULES.map(({ type, note }) => ({ type, note }));

export interface WudaokouCity extends CityData {
  attribution: string;
  /** What was estimated or derived, for the seed report. */
  notes: {
    residential_buildings: number;
    households_estimated: number;
    levels_tagged: number;
    relation_buildings_skipped: number;
    communities: number;
    facilities_by_type: Record<string, number>;
    walls: { barriers: number; gates: number; cuts: number; throughGates: number };
  };
}

/** Planar centroid of a ring in lon/lat (area-weighted; fine at building and park scale). @private */
function ringCentroid(ring: Position[]): [number, number] {
  let a = 0;
  let x = 0;
  let y = 0;
  const [x0, y0] = ring[0] as [number, number];
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = [(ring[i]![0] as number) - x0, (ring[i]![1] as number) - y0];
    const [x2, y2] = [(ring[i + 1]![0] as number) - x0, (ring[i + 1]![1] as number) - y0];
    const c = x1 * y2 - x2 * y1;
    a += c;
    x += (x1 + x2) * c;
    y += (y1 + y2) * c;
  }
  if (a === 0) return [ring[0]![0] as number, ring[0]![1] as number];
  return [x0 + x / (3 * a), y0 + y / (3 * a)];
}

/** Even-odd point in ring. @private */
function inRing(ring: Position[], [x, y]: [number, number]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0] as number;
    const yi = ring[i]![1] as number;
    const xj = ring[j]![0] as number;
    const yj = ring[j]![1] as number;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;

/**
 * Builds the Wudaokou area from its OSM extract.
 *
 * - **network**: every `highway` way (walkable or not, see `walkabilityOf`), cut where it crosses a
 *   campus outline or a wall except near a gate (`osmWalkingLines`).
 * - **buildings**: residential ones (see RESIDENTIAL), a point at the footprint's centroid, with
 *   households estimated from footprint × levels (HOUSEHOLD_ESTIMATE) and `properties.estimated = true`.
 * - **communities**: a grid of COMMUNITY_GRID_M cells over the extract's bounds; each cell holding
 *   residential buildings is a community (named after the largest named residential compound in
 *   it, else by its grid cell), all in one street of one district (labelled as derived).
 * - **facilities**: OSM nodes and areas (at their centroid) mapped to catalogue types by tags.
 *
 * @param {OsmSource & { bounds }} osm the parsed extract
 * @param {Object} [options={}] Optional parameters
 * @param {boolean} [options.walls=true] cut streets at campus outlines and walls except at gates
 * @returns {WudaokouCity} the city, its attribution and what was estimated
 * @example
 * const city = buildWudaokou(await readOsmFile('seeds/wudaokou/map.osm.gz'));
 */
export function buildWudaokou(
  osm: OsmSource & { bounds: { minlat: number; minlon: number; maxlat: number; maxlon: number } | null },
  options: { walls?: boolean } = {},
): WudaokouCity {
  // Input validation
  if (!osm?.bounds) throw new Error('buildWudaokou: the extract must have bounds');
  const { minlat, minlon, maxlat, maxlon } = osm.bounds;

  const ringOf = (refs: readonly string[]): Position[] | null => {
    const ring: Position[] = [];
    for (const ref of refs) {
      const n = osm.nodes.get(ref);
      if (!n) return null;
      ring.push([n.lon, n.lat]);
    }
    return ring.length >= 4 && refs[0] === refs[refs.length - 1] ? ring : null;
  };
  const inBounds = ([lon, lat]: [number, number]): boolean => lon >= minlon && lon <= maxlon && lat >= minlat && lat <= maxlat;

  // Residential compounds (landuse=residential), for building=yes and for community names.
  const compounds: Array<{ name: string | null; ring: Position[]; area: number }> = [];
  for (const way of osm.ways) {
    if (way.tags['landuse'] !== 'residential') continue;
    const ring = ringOf(way.refs);
    if (ring) compounds.push({ name: way.tags['name'] ?? null, ring, area: geodesicAreaSquareMeters({ type: 'Polygon', coordinates: [ring] }) });
  }

  // 1. Residential buildings.
  const H = HOUSEHOLD_ESTIMATE;
  let levelsTagged = 0;
  const homes: Array<{ id: string; point: [number, number]; households: number; props: Record<string, unknown> }> = [];
  for (const way of osm.ways) {
    const kind = way.tags['building'];
    if (kind === undefined) continue;
    const ring = ringOf(way.refs);
    if (!ring) continue;
    const point = ringCentroid(ring);
    const inCompound = compounds.some((c) => inRing(c.ring, point));
    if (!(RESIDENTIAL.has(kind) || (kind === 'yes' && inCompound)) || !inBounds(point)) continue;
    const footprint = geodesicAreaSquareMeters({ type: 'Polygon', coordinates: [ring] });
    const tagged = Number.parseFloat(way.tags['building:levels'] ?? '');
    const levels = Number.isFinite(tagged) && tagged > 0 ? tagged : (H.DEFAULT_LEVELS[kind] ?? 6);
    if (Number.isFinite(tagged) && tagged > 0) levelsTagged++;
    const households = Math.max(1, Math.round((footprint * levels * H.NET_TO_GROSS) / H.DWELLING_M2));
    homes.push({
      id: way.id,
      point: [round7(point[0]), round7(point[1])],
      households,
      props: {
        estimated: true, footprint_m2: Math.round(footprint), levels, levels_source: Number.isFinite(tagged) && tagged > 0 ? 'building:levels' : 'default',
        osm_id: `way/${way.id}`, ...(way.tags['name'] ? { name: way.tags['name'] } : {}),
      },
    });
  }
  const relationBuildings = (osm.relations ?? []).filter((r) => r.tags['building'] !== undefined).length;

  // 2. Communities: the extract's real polygons holding homes (see COMMUNITY_RULE), then grid cells
  //    for the homes outside every one of them.
  const areas: Array<{ id: string; name: string | null; kind: string; ring: Position[]; area: number }> = [];
  for (const way of osm.ways) {
    const kind = way.tags['landuse'] === 'residential' ? 'residential' : CAMPUS_KINDS.has(way.tags['amenity'] ?? '') ? way.tags['amenity']! : null;
    if (!kind) continue;
    const ring = ringOf(way.refs);
    if (ring) areas.push({ id: way.id, name: way.tags['name'] ?? null, kind, ring, area: geodesicAreaSquareMeters({ type: 'Polygon', coordinates: [ring] }) });
  }
  areas.sort((p, q) => p.area - q.area || (p.id < q.id ? -1 : 1));
  const homesOf = new Map<string, typeof homes>();
  const rest: typeof homes = [];
  for (const h of homes) {
    // The smallest polygon holding the home (a compound inside a campus is its own community).
    const home = areas.find((a) => inRing(a.ring, h.point));
    if (!home) { rest.push(h); continue; }
    let list = homesOf.get(home.id);
    if (!list) homesOf.set(home.id, (list = []));
    list.push(h);
  }
  const districtCode = 'WDK';
  const streetCode = 'WDKS01';
  const communities: CityData['communities']['features'] = [];
  const buildings: CityData['buildings']['features'] = [];
  const H2 = HOUSEHOLD_ESTIMATE;
  const addCommunity = (code: string, name: string, geometry: Polygon | MultiPolygon, list: typeof homes): void => {
    const households = list.reduce((s, h) => s + h.households, 0);
    const population = Math.round(households * H2.PERSONS_PER_HOUSEHOLD);
    communities.push({
      type: 'Feature', id: code,
      properties: { code, name, street_code: streetCode, households, population, elderly: Math.round(population * H2.ELDERLY_SHARE) },
      geometry: geometry as Polygon,
    });
    for (const h of list) {
      buildings.push({
        type: 'Feature', id: `OSMW${h.id}`,
        properties: { code: `OSMW${h.id}`, community_code: code, households: h.households, properties: h.props } as never,
        geometry: { type: 'Point', coordinates: h.point },
      });
    }
  };
  const used = areas.filter((a) => homesOf.has(a.id));
  const polygonOf = (ring: Position[]): Feature<Polygon> => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [round7(x as number), round7(y as number)])] } });
  const unnamed = new Map<string, number>();
  for (const a of used) {
    // Its own polygon less the smaller ones that are communities of their own (no-op where apart).
    const inner = used.filter((b) => b !== a && (b.area < a.area || (b.area === a.area && b.id < a.id)));
    let shape: Feature<Polygon | MultiPolygon> | null = polygonOf(a.ring);
    for (const b of inner) shape = shape ? difference(featureCollection([shape, polygonOf(b.ring)])) : null;
    if (!shape) continue;
    const label = COMMUNITY_KIND_ZH[a.kind] ?? '住宅区';
    const n = (unnamed.get(label) ?? 0) + 1;
    if (!a.name) unnamed.set(label, n);
    addCommunity(`${streetCode}W${a.id}`, a.name ?? `五道口${label}${n}`, shape.geometry, homesOf.get(a.id)!);
  }

  // What is left: homes in no polygon, by 500 m grid cell; the cell less the polygon communities.
  const midLat = (minlat + maxlat) / 2;
  const dLat = COMMUNITY_GRID_M / 110_950;
  const dLon = COMMUNITY_GRID_M / (111_320 * Math.cos((midLat * Math.PI) / 180));
  const cols = Math.ceil((maxlon - minlon) / dLon);
  const rows = Math.ceil((maxlat - minlat) / dLat);
  const cellOf = ([lon, lat]: [number, number]): [number, number] => [Math.min(cols - 1, Math.floor((lon - minlon) / dLon)), Math.min(rows - 1, Math.floor((maxlat - lat) / dLat))];
  const byCell = new Map<string, typeof homes>();
  for (const h of rest) {
    const [c, r] = cellOf(h.point);
    const key = `${r},${c}`;
    let list = byCell.get(key);
    if (!list) byCell.set(key, (list = []));
    list.push(h);
  }
  const cells = [...byCell.entries()].sort(([a], [b]) => {
    const [ra, ca] = a.split(',').map(Number) as [number, number];
    const [rb, cb] = b.split(',').map(Number) as [number, number];
    return ra - rb || ca - cb;
  });
  const taken = communities.map((c) => ({ type: 'Feature' as const, properties: {}, geometry: c.geometry as Polygon | MultiPolygon }));
  for (const [key, list] of cells) {
    const [r, c] = key.split(',').map(Number) as [number, number];
    const label = `${String.fromCharCode(65 + r)}${c + 1}`;
    const west = round7(minlon + c * dLon);
    const east = round7(Math.min(maxlon, minlon + (c + 1) * dLon));
    const north = round7(maxlat - r * dLat);
    const south = round7(Math.max(minlat, maxlat - (r + 1) * dLat));
    let shape: Feature<Polygon | MultiPolygon> | null = polygonOf([[west, south], [east, south], [east, north], [west, north], [west, south]]);
    for (const t of taken) shape = shape ? difference(featureCollection([shape, t])) : null;
    if (!shape) continue;
    const named = compounds
      .filter((cp) => cp.name !== null && list.some((h) => inRing(cp.ring, h.point)))
      .sort((p, q) => q.area - p.area)[0];
    addCommunity(`${streetCode}C${label}`, named ? `${named.name}（网格${label}）` : `五道口网格${label}（其余住宅）`, shape.geometry, list);
  }

  // 3. Facilities: tagged nodes, and areas at their centroid.
  const names = new Map(catalogue.types.map((t) => [t.code, t.name_zh]));
  const facilities: Array<Feature<Point, FacilityProps>> = [];
  const byType: Record<string, number> = {};
  const addFacility = (osmId: string, tags: Record<string, string>, point: [number, number]): void => {
    const rule = FACILITY_RULES.find((r) => r.match(tags));
    if (!rule || !inBounds(point)) return;
    byType[rule.type] = (byType[rule.type] ?? 0) + 1;
    const code = `OSM-${osmId.replace('/', '-')}`;
    facilities.push({
      type: 'Feature',
      id: code,
      properties: {
        code, name: tags['name'] ?? `${names.get(rule.type)}（OSM ${osmId}）`, type: rule.type, status: 'open', opened_on: null, closed_on: null,
        floor_area_m2: null, site_area_m2: null, beds: null, gp_count: null, grade: null, service_items: null,
      },
      geometry: { type: 'Point', coordinates: [round7(point[0]), round7(point[1])] },
    });
  };
  for (const [id, n] of osm.nodes) if (n.tags && Object.keys(n.tags).length > 0) addFacility(`node/${id}`, n.tags, [n.lon, n.lat]);
  for (const way of osm.ways) {
    const ring = ringOf(way.refs);
    if (ring) addFacility(`way/${way.id}`, way.tags, ringCentroid(ring));
  }
  facilities.sort((a, b) => (a.properties.code < b.properties.code ? -1 : 1));

  // 4. Network.
  const walking = osmWalkingLines(osm, { walls: options.walls ?? true });
  const network: FeatureCollection<LineString, { kind: string; name: string | null; walkable?: boolean }> = {
    type: 'FeatureCollection',
    features: walking.lines.features.map((f) => ({
      type: 'Feature',
      properties: { kind: f.properties.kind, name: f.properties.name, walkable: f.properties.walkable },
      geometry: f.geometry,
    })),
  };

  return {
    attribution: ATTRIBUTION,
    districts: [{ code: districtCode, name: '海淀区（五道口示范片区）', kind: 'district' }],
    streets: [{ code: streetCode, name: '五道口片区（社区取自 OSM 小区与校园范围，非行政街道）', kind: 'street', district_code: districtCode }],
    communities: { type: 'FeatureCollection', features: communities },
    buildings: { type: 'FeatureCollection', features: buildings },
    facilities: { type: 'FeatureCollection', features: facilities },
    network,
    notes: {
      residential_buildings: homes.length,
      households_estimated: homes.reduce((s, h) => s + h.households, 0),
      levels_tagged: levelsTagged,
      relation_buildings_skipped: relationBuildings,
      communities: communities.length,
      facilities_by_type: byType,
      walls: walking.walls,
    },
  };
}
