/**
 * Walkability of OpenStreetMap ways from their tags, for a pedestrian network.
 *
 * - `highway=*` of a road or path people may walk on is walkable: footway, path, pedestrian,
 *   steps, living_street, residential, service, unclassified, tertiary … trunk (and _link),
 *   track, cycleway, bridleway, corridor, platform, crossing, road.
 * - Not walkable: motorway and motorway_link (and anything under construction, proposed or
 *   abandoned); `foot=no` or `foot=use_sidepath` (the sidewalk is mapped as its own way);
 *   `access=no` unless `foot` allows it.
 * - `access=private` is walkable: residents of a gated compound or campus walk its roads, and
 *   lifecircle measures their walk. One-way rules do not apply to walking (`oneway` is ignored).
 * - Anything else (no highway tag, or a value such as `bus_stop` on a way) is not part of the
 *   network (null).
 */

export type OsmTags = Readonly<Record<string, string>>;

const WALKABLE_HIGHWAYS = new Set([
  'trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link', 'tertiary', 'tertiary_link',
  'unclassified', 'residential', 'living_street', 'service', 'pedestrian', 'footway', 'path', 'steps', 'track',
  'cycleway', 'bridleway', 'corridor', 'platform', 'crossing', 'road', 'busway',
]);
const BARRED_HIGHWAYS = new Set(['motorway', 'motorway_link', 'construction', 'proposed', 'abandoned', 'disused', 'razed', 'raceway', 'bus_guideway', 'escape']);
const FOOT_YES = new Set(['yes', 'designated', 'permissive', 'official']);
const FOOT_NO = new Set(['no', 'use_sidepath']);

/**
 * Whether a way is part of the walking network, and its kind (the highway value).
 *
 * @param {Object} tags the way's OSM tags
 * @returns {{ kind: string, walkable: boolean } | null} null when the way is not a highway at all
 * @example
 * walkabilityOf({ highway: 'footway' }); // { kind: 'footway', walkable: true }
 * walkabilityOf({ highway: 'motorway' }); // { kind: 'motorway', walkable: false }
 * walkabilityOf({ building: 'yes' }); // null
 */
export function walkabilityOf(tags: OsmTags): { kind: string; walkable: boolean } | null {
  // Input validation
  if (!tags || typeof tags !== 'object') throw new Error('walkabilityOf: tags must be an object');

  const highway = tags['highway'];
  if (highway === undefined) return null;
  const barred = BARRED_HIGHWAYS.has(highway);
  if (!barred && !WALKABLE_HIGHWAYS.has(highway)) return null;
  const foot = tags['foot'];
  let walkable = !barred;
  if (foot !== undefined && FOOT_NO.has(foot)) walkable = false;
  if (tags['access'] === 'no' && !(foot !== undefined && FOOT_YES.has(foot))) walkable = false;
  if (barred && foot !== undefined && FOOT_YES.has(foot) && !highway.startsWith('motorway')) walkable = true;
  return { kind: highway, walkable };
}

/** OSM `barrier` values of lines that stop walkers (walls and fences). */
export const WALL_BARRIERS: ReadonlySet<string> = new Set(['wall', 'fence', 'city_wall', 'hedge']);

/** Whether a node lets walkers through a wall: a gate or entrance not closed to them. */
export function isGate(tags: OsmTags): boolean {
  const barrier = tags['barrier'];
  const isOpening = barrier === 'gate' || barrier === 'entrance' || barrier === 'lift_gate' || barrier === 'turnstile' || barrier === 'swing_gate' || barrier === 'kissing_gate' || tags['entrance'] !== undefined;
  if (!isOpening) return false;
  const foot = tags['foot'];
  if (foot !== undefined && FOOT_NO.has(foot)) return false;
  return !(tags['access'] === 'no' && !(foot !== undefined && FOOT_YES.has(foot)));
}
