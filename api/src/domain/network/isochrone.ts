import type { FeatureCollection, GeoJsonProperties, MultiPolygon, Point, Polygon, Position } from 'geojson';
import { createBoundedSearch } from './dijkstra.ts';
import type { EdgeSnap, NetworkGraph, NodedNetwork } from './model.ts';
import { rasterBand } from './raster-band.ts';
import type { WalkingNetwork } from './walking-network.ts';
import { DEFAULT_MAX_SNAP_M } from './walking-network.ts';

/** Properties added to each isochrone feature. */
export interface IsochroneProperties {
  mode: 'walk';
  reach_m: number;
  /** Half-width of the band around the reached street parts, metres. */
  width_m: number;
  /** Metres of street within reach. */
  street_m: number;
  /** Snap distance of the origin; null when it lies beyond maxSnapM (geometry null). */
  snap_m: number | null;
}

/** Options of {@link walkingIsochrones}. */
export interface WalkingIsochroneOptions {
  /** Half-width of the band drawn around the reached street parts, metres. Default 50. */
  widthM?: number;
  /** Origins farther than this from the network reach nothing. Default 500. */
  maxSnapM?: number;
  /** Raster cell of the band outline, metres. Default widthM / 4. */
  cellM?: number;
}

/**
 * Walking isochrones for the map: for each origin (a facility), the street parts within
 * `reachMeters` of walking (its snap leg included: Dijkstra from the projection point, and the
 * last edge of every path cut where the distance runs out), drawn as a band of `widthM` on each
 * side (every point within widthM of those parts or of the snap leg, traced on a raster of `cellM`
 * cells: an exact buffer-and-union of hundreds of segments per facility took ~0.2 s each with
 * turf's buffer, the raster ~5 ms). The band stands for the buildings next
 * to a reached street; a building's own snap leg is not subtracted, so it is a drawing, and
 * coverage figures come from the engine, not from these polygons.
 *
 * @param {WalkingNetwork} walking the network from `prepareWalkingNetwork`
 * @param {FeatureCollection<Point>} origins facilities; their properties are copied
 * @param {number} reachMeters walking reach (> 0)
 * @param {Object} [options={}] Optional parameters
 * @param {number} [options.widthM=50] band half-width, metres
 * @param {number} [options.maxSnapM=500] maximum snap distance, metres
 * @param {number} [options.cellM=widthM/4] raster cell of the outline, metres
 * @returns {FeatureCollection<Polygon|MultiPolygon|null>} one feature per origin (geometry null when it does not reach the network)
 * @example
 * const areas = walkingIsochrones(walking, facilities, 300, { widthM: 40 });
 */
export function walkingIsochrones<P extends GeoJsonProperties>(
  walking: WalkingNetwork,
  origins: FeatureCollection<Point, P>,
  reachMeters: number,
  options: WalkingIsochroneOptions = {},
): FeatureCollection<Polygon | MultiPolygon | null, P & IsochroneProperties> {
  // Input validation
  if (!walking || typeof walking.snap !== 'function') throw new Error('walkingIsochrones: walking must come from prepareWalkingNetwork');
  if (!origins || origins.type !== 'FeatureCollection') throw new Error('walkingIsochrones: origins must be a FeatureCollection of Points');
  if (!(Number.isFinite(reachMeters) && reachMeters > 0)) throw new Error(`walkingIsochrones: reachMeters must be a positive number, got ${reachMeters}`);
  const widthM = options.widthM ?? 50;
  const maxSnapM = options.maxSnapM ?? DEFAULT_MAX_SNAP_M;
  const cellM = options.cellM ?? widthM / 4;
  if (!(widthM > 0 && widthM <= 1000)) throw new Error(`walkingIsochrones: options.widthM must be in (0, 1000], got ${widthM}`);
  if (!(maxSnapM >= 0)) throw new Error(`walkingIsochrones: options.maxSnapM must be ≥ 0, got ${maxSnapM}`);
  if (!(cellM >= 0.5 && cellM <= widthM)) throw new Error(`walkingIsochrones: options.cellM must be in [0.5, widthM], got ${cellM}`);

  const { network, graph } = walking;
  const search = createBoundedSearch(graph);
  const features = origins.features.map((origin, i) => {
    if (origin?.geometry?.type !== 'Point') throw new Error(`walkingIsochrones: origins.features[${i}] must be a Point`);
    const [lon, lat] = origin.geometry.coordinates as [number, number];
    const snap = walking.snap(lon, lat, maxSnapM);
    const base = { ...(origin.properties ?? {}), mode: 'walk' as const, reach_m: reachMeters, width_m: widthM };
    if (!snap || snap.snapM > reachMeters) {
      return { type: 'Feature' as const, geometry: null, properties: { ...base, street_m: 0, snap_m: snap ? snap.snapM : null } as P & IsochroneProperties };
    }
    const parts = reachedParts(network, graph, search, snap, reachMeters);
    parts.lines.push([[lon, lat], [snap.lon, snap.lat]]);
    return {
      type: 'Feature' as const,
      geometry: rasterBand(parts.lines, widthM, cellM),
      properties: { ...base, street_m: parts.lengthM, snap_m: snap.snapM } as P & IsochroneProperties,
    };
  });
  return { type: 'FeatureCollection', features };
}

/** The street parts within reach of one snapped origin, as polylines, and their length. @private */
function reachedParts(network: NodedNetwork, graph: NetworkGraph, search: ReturnType<typeof createBoundedSearch>, snap: EdgeSnap, reachM: number): { lines: Position[][]; lengthM: number } {
  const { edgeSource, edgeTarget, edgeLengthM } = network;
  const reached = search.run(
    [
      { node: edgeSource[snap.edge] as number, distanceM: snap.snapM + snap.fromSourceM },
      { node: edgeTarget[snap.edge] as number, distanceM: snap.snapM + snap.toTargetM },
    ],
    reachM,
  );
  const dist = search.distanceM;
  const lines: Position[][] = [];
  let lengthM = 0;
  const done = new Set<number>();
  const emit = (e: number, intervals: Array<[number, number]>): void => {
    intervals.sort((p, q) => p[0] - q[0]);
    let current: [number, number] | null = null;
    const flush = (): void => {
      if (current && current[1] > current[0]) {
        lines.push(subLine(network, e, current[0], current[1]));
        lengthM += current[1] - current[0];
      }
    };
    for (const iv of intervals) {
      if (current && iv[0] <= current[1]) current[1] = Math.max(current[1], iv[1]);
      else {
        flush();
        current = [iv[0], iv[1]];
      }
    }
    flush();
  };
  const visit = (e: number): void => {
    if (done.has(e)) return;
    done.add(e);
    const len = edgeLengthM[e] as number;
    const intervals: Array<[number, number]> = [];
    const fromSource = reachM - (dist[edgeSource[e] as number] as number);
    if (fromSource > 0) intervals.push([0, Math.min(len, fromSource)]);
    const fromTarget = reachM - (dist[edgeTarget[e] as number] as number);
    if (fromTarget > 0) intervals.push([Math.max(0, len - fromTarget), len]);
    if (e === snap.edge) {
      const budget = reachM - snap.snapM;
      intervals.push([Math.max(0, snap.fromSourceM - budget), Math.min(len, snap.fromSourceM + budget)]);
    }
    emit(e, intervals);
  };
  visit(snap.edge);
  const { adjStart, adjEdge } = graph;
  for (const u of reached) for (let k = adjStart[u] as number; k < (adjStart[u + 1] as number); k++) visit(adjEdge[k] as number);
  return { lines, lengthM };
}

/**
 * The part of edge e between along-distances fromM and toM (metres from its source), cut by
 * linear interpolation inside the segments where it starts and ends.
 *
 * @private
 */
export function subLine(network: NodedNetwork, e: number, fromM: number, toM: number): Position[] {
  const first = network.edgeVertexStart[e] as number;
  const last = (network.edgeVertexStart[e + 1] as number) - 1;
  const cum = network.vertexCumM;
  const at = (m: number): Position => {
    let v = first;
    while (v < last - 1 && (cum[v + 1] as number) < m) v++;
    const span = (cum[v + 1] as number) - (cum[v] as number);
    const t = span > 0 ? Math.min(1, Math.max(0, (m - (cum[v] as number)) / span)) : 0;
    return [
      (network.vertexLon[v] as number) + t * ((network.vertexLon[v + 1] as number) - (network.vertexLon[v] as number)),
      (network.vertexLat[v] as number) + t * ((network.vertexLat[v + 1] as number) - (network.vertexLat[v] as number)),
    ];
  };
  const out: Position[] = [at(fromM)];
  for (let v = first + 1; v < last; v++) {
    const m = cum[v] as number;
    if (m > fromM && m < toM) out.push([network.vertexLon[v] as number, network.vertexLat[v] as number]);
  }
  out.push(at(toM));
  return out;
}
