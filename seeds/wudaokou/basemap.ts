/**
 * What the offline basemap draws of Wudaokou from its OSM extract (© OpenStreetMap contributors,
 * ODbL 1.0), besides the streets (the network lines, with their names) (#17):
 *
 * | layer | OSM |
 * | --- | --- |
 * | water | closed ways and multipolygons with `natural=water`, `waterway=riverbank`, `landuse=reservoir\|basin` |
 * | waterway | `waterway=river\|canal\|stream\|drain\|ditch` lines |
 * | green | `leisure=park\|garden\|pitch\|playground\|stadium\|track\|golf_course`, `landuse=grass\|forest\|meadow\|park\|recreation_ground\|village_green`, `natural=wood\|grassland\|scrub` |
 * | campus | `amenity=university\|college\|school\|kindergarten\|hospital` areas |
 * | building | every closed `building=*` way (footprints, whatever else is tagged), and building multipolygons' outer rings |
 * | rail | `railway=rail\|subway\|light_rail\|tram` lines (not in the walking network) |
 * | place | named `place=*` nodes; one label point per named water, green, campus or residential area |
 *
 * Names: `name` and `name:en`. Pure: takes the parsed extract, returns GeoJSON.
 */
import type { Feature, FeatureCollection, Geometry, Polygon, Position } from 'geojson';
import { pointOnFeature } from '@turf/turf';
import type { BasemapProps } from '../../api/src/db/load-city.ts';
import type { OsmSource } from '../../api/src/domain/network/osm-lines.ts';

type Tags = Record<string, string>;

const WATER = (t: Tags) => t['natural'] === 'water' || t['waterway'] === 'riverbank' || ['reservoir', 'basin'].includes(t['landuse'] ?? '');
const WATERWAY = new Set(['river', 'canal', 'stream', 'drain', 'ditch']);
const GREEN_LEISURE = new Set(['park', 'garden', 'pitch', 'playground', 'stadium', 'track', 'golf_course']);
const GREEN_LANDUSE = new Set(['grass', 'forest', 'meadow', 'park', 'recreation_ground', 'village_green']);
const GREEN_NATURAL = new Set(['wood', 'grassland', 'scrub']);
const CAMPUS = new Set(['university', 'college', 'school', 'kindergarten', 'hospital']);
const RAIL = new Set(['rail', 'subway', 'light_rail', 'tram']);

/** The area layer and class of a closed way's tags, or null. @private */
function areaOf(t: Tags): { layer: BasemapProps['layer']; class: string } | null {
  // A building is drawn as a footprint whatever else it is (a hospital, a stadium's stands).
  if (t['building'] !== undefined) return { layer: 'building', class: t['building']! };
  if (WATER(t)) return { layer: 'water', class: t['water'] ?? t['natural'] ?? t['landuse'] ?? 'water' };
  if (GREEN_LEISURE.has(t['leisure'] ?? '')) return { layer: 'green', class: t['leisure']! };
  if (GREEN_LANDUSE.has(t['landuse'] ?? '')) return { layer: 'green', class: t['landuse']! };
  if (GREEN_NATURAL.has(t['natural'] ?? '')) return { layer: 'green', class: t['natural']! };
  if (CAMPUS.has(t['amenity'] ?? '')) return { layer: 'campus', class: t['amenity']! };
  return null;
}

/**
 * The basemap features of an OSM extract.
 *
 * @example
 * const basemap = wudaokouBasemap(await readOsmFile('seeds/wudaokou/map.osm.gz', 'xml'));
 */
export function wudaokouBasemap(osm: OsmSource): FeatureCollection<Geometry, BasemapProps> {
  const features: Array<Feature<Geometry, BasemapProps>> = [];
  const coords = (refs: readonly string[]): Position[] | null => {
    const line: Position[] = [];
    for (const ref of refs) {
      const n = osm.nodes.get(ref);
      if (!n) return null;
      line.push([n.lon, n.lat]);
    }
    return line;
  };
  const closedRing = (refs: readonly string[]): Position[] | null => {
    if (refs.length < 4 || refs[0] !== refs[refs.length - 1]) return null;
    return coords(refs);
  };
  const names = (t: Tags) => ({ name: t['name'] ?? null, name_en: t['name:en'] ?? null });
  const labelled: Array<{ polygon: Polygon; props: BasemapProps }> = [];
  const addArea = (polygon: Polygon, tags: Tags, area: { layer: BasemapProps['layer']; class: string }): void => {
    const props: BasemapProps = { layer: area.layer, class: area.class, ...names(tags) };
    features.push({ type: 'Feature', geometry: polygon, properties: props });
    if (props.name && area.layer !== 'building') labelled.push({ polygon, props });
  };

  const ways = new Map(osm.ways.map((w) => [w.id, w]));
  for (const way of osm.ways) {
    const t = way.tags;
    if (RAIL.has(t['railway'] ?? '')) {
      const line = coords(way.refs);
      if (line && line.length >= 2) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: { layer: 'rail', class: t['railway']!, ...names(t) } });
      continue;
    }
    if (WATERWAY.has(t['waterway'] ?? '')) {
      const line = coords(way.refs);
      if (line && line.length >= 2) features.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: line }, properties: { layer: 'waterway', class: t['waterway']!, ...names(t) } });
      continue;
    }
    const area = areaOf(t);
    const ring = area ? closedRing(way.refs) : null;
    if (area && ring) addArea({ type: 'Polygon', coordinates: [ring] }, t, area);
    // Named residential compounds: no fill of their own (the communities are drawn), but a label.
    if (!area && t['landuse'] === 'residential' && t['name']) {
      const r = closedRing(way.refs);
      if (r) labelled.push({ polygon: { type: 'Polygon', coordinates: [r] }, props: { layer: 'place', class: 'residential', ...names(t) } });
    }
  }
  // Multipolygons whose rings are single closed ways (all of this extract's are).
  for (const relation of osm.relations ?? []) {
    if (relation.tags['type'] !== 'multipolygon') continue;
    const area = areaOf(relation.tags);
    if (!area) continue;
    const ringsOf = (role: string) => relation.members
      .filter((m) => m.type === 'way' && (m.role || 'outer') === role)
      .map((m) => ways.get(m.ref))
      .map((w) => (w ? closedRing(w.refs) : null))
      .filter((r): r is Position[] => r !== null);
    const holes = ringsOf('inner');
    for (const outer of ringsOf('outer')) addArea({ type: 'Polygon', coordinates: [outer, ...holes] }, relation.tags, area);
  }
  for (const [, node] of osm.nodes) {
    if (node.tags?.['place'] && node.tags['name']) {
      features.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [node.lon, node.lat] }, properties: { layer: 'place', class: node.tags['place'], ...names(node.tags) } });
    }
  }
  // One label point per named area, inside it (so a label is drawn once, not once per tile piece).
  for (const { polygon, props } of labelled) {
    const at = pointOnFeature(polygon).geometry;
    features.push({ type: 'Feature', geometry: at, properties: { ...props, layer: 'place', class: props.layer === 'place' ? props.class : props.layer } });
  }
  return { type: 'FeatureCollection', features };
}
