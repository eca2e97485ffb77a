import type { Feature, FeatureCollection, LineString, Position } from 'geojson';
import { cutAtBarriers } from './barriers.ts';
import { isGate, WALL_BARRIERS, walkabilityOf, type OsmTags } from './walkability.ts';

/** The parts of an OSM extract the walking network needs (as read by osm-read). */
export interface OsmSource {
  nodes: ReadonlyMap<string, { lon: number; lat: number; tags: OsmTags }>;
  ways: ReadonlyArray<{ id: string; refs: readonly string[]; tags: OsmTags }>;
  relations?: ReadonlyArray<{ id: string; tags: OsmTags; members: ReadonlyArray<{ type: string; ref: string; role: string }> }>;
}

/** Properties of an imported network line. */
export interface OsmLineProperties {
  kind: string;
  name: string | null;
  walkable: boolean;
  osm_id: string;
  [key: string]: unknown;
}

/** Options of {@link osmWalkingLines}. */
export interface OsmWalkingLinesOptions {
  /**
   * Treat the outline of areas with these `amenity` values as walls crossed only at gates.
   * Default ['university', 'college']: Chinese campuses are walled, with a few gates.
   */
  walledAmenities?: readonly string[];
  /** Also cut at `barrier=wall|fence|city_wall|hedge` lines. Default true. */
  walls?: boolean;
  /** A crossing within this distance of a gate node is an opening. Default 20 m. */
  gateRadiusM?: number;
}

/** Result of {@link osmWalkingLines}. */
export interface OsmWalkingLines {
  lines: FeatureCollection<LineString, OsmLineProperties>;
  /** Lines by kind, walkable or not. */
  kinds: Record<string, { walkable: number; notWalkable: number }>;
  /** Walls used, crossings cut, crossings through a gate. */
  walls: { barriers: number; gates: number; cuts: number; throughGates: number };
  /** Ways whose nodes are missing from the extract (kept with the nodes present). */
  incompleteWays: number;
}

/**
 * The street network of an OSM extract for walking: every `highway` way as a line, walkable or
 * not by its tags (see `walkabilityOf`), its vertices the OSM nodes — so lines meet exactly where
 * ways share a node, which is how OSM draws junctions (a bridge over a street shares none). Walls
 * (`barrier=wall|fence|…` and the outlines of walled areas such as campuses) cut the lines that
 * cross them, except within `gateRadiusM` of a gate or entrance node.
 *
 * @param {OsmSource} osm nodes, ways (and relations) of the extract
 * @param {Object} [options={}] Optional parameters
 * @param {string[]} [options.walledAmenities=['university','college']] amenity areas whose outline is a wall
 * @param {boolean} [options.walls=true] cut at barrier lines
 * @param {number} [options.gateRadiusM=20] gate tolerance, metres
 * @returns {OsmWalkingLines} lines and what was done
 * @example
 * const { lines } = osmWalkingLines(await readOsmFile('map.osm'));
 */
export function osmWalkingLines(osm: OsmSource, options: OsmWalkingLinesOptions = {}): OsmWalkingLines {
  // Input validation
  if (!osm || !(osm.nodes instanceof Map) || !Array.isArray(osm.ways)) throw new Error('osmWalkingLines: osm must have nodes (a Map) and ways (an array)');
  const walledAmenities = new Set(options.walledAmenities ?? ['university', 'college']);
  const useWalls = options.walls ?? true;

  const coordsOf = (refs: readonly string[]): { coords: Position[]; missing: boolean } => {
    const coords: Position[] = [];
    let missing = false;
    for (const ref of refs) {
      const n = osm.nodes.get(ref);
      if (n) coords.push([n.lon, n.lat]);
      else missing = true;
    }
    return { coords, missing };
  };

  const features: Array<Feature<LineString, OsmLineProperties>> = [];
  const kinds: OsmWalkingLines['kinds'] = {};
  let incompleteWays = 0;
  const barriers: Position[][] = [];
  const wayById = new Map(osm.ways.map((w) => [w.id, w]));
  for (const way of osm.ways) {
    const tags = way.tags ?? {};
    const w = walkabilityOf(tags);
    if (w) {
      const { coords, missing } = coordsOf(way.refs);
      if (missing) incompleteWays++;
      if (coords.length < 2) continue;
      const k = (kinds[w.kind] ??= { walkable: 0, notWalkable: 0 });
      if (w.walkable) k.walkable++;
      else k.notWalkable++;
      features.push({
        type: 'Feature',
        id: `w${way.id}`,
        properties: { kind: w.kind, name: tags['name'] ?? null, walkable: w.walkable, osm_id: `way/${way.id}`, ...(tags['layer'] ? { layer: tags['layer'] } : {}), ...(tags['bridge'] ? { bridge: tags['bridge'] } : {}) },
        geometry: { type: 'LineString', coordinates: coords },
      });
    }
    if (!useWalls) continue;
    const isWall = tags['barrier'] !== undefined && WALL_BARRIERS.has(tags['barrier']);
    const isWalledArea = tags['amenity'] !== undefined && walledAmenities.has(tags['amenity']) && way.refs.length > 3 && way.refs[0] === way.refs[way.refs.length - 1];
    if (isWall || isWalledArea) {
      const { coords } = coordsOf(way.refs);
      if (coords.length >= 2) barriers.push(coords);
    }
  }
  if (useWalls) {
    for (const rel of osm.relations ?? []) {
      const amenity = rel.tags?.['amenity'];
      if (rel.tags?.['type'] !== 'multipolygon' || amenity === undefined || !walledAmenities.has(amenity)) continue;
      for (const m of rel.members) {
        if (m.type !== 'way' || m.role !== 'outer') continue;
        const way = wayById.get(m.ref);
        if (!way) continue;
        const { coords } = coordsOf(way.refs);
        if (coords.length >= 2) barriers.push(coords);
      }
    }
  }
  const gates: Position[] = [];
  for (const n of osm.nodes.values()) if (n.tags && isGate(n.tags)) gates.push([n.lon, n.lat]);

  const lines: FeatureCollection<LineString, OsmLineProperties> = { type: 'FeatureCollection', features };
  if (barriers.length === 0) return { lines, kinds, walls: { barriers: 0, gates: gates.length, cuts: 0, throughGates: 0 }, incompleteWays };
  const cut = cutAtBarriers(lines, barriers, gates, { gateRadiusM: options.gateRadiusM ?? 20 });
  return { lines: cut.lines, kinds, walls: { barriers: barriers.length, gates: gates.length, cuts: cut.cuts, throughGates: cut.throughGates }, incompleteWays };
}
