/**
 * The city's cell mesh: a Voronoi diagram (d3-delaunay) of jittered seed points, of which the
 * cells inside an irregular urban blob and an attached county blob are kept.
 *
 * Neighbouring cells share exact vertices (each Voronoi vertex is one triangle circumcenter,
 * stored once), so the community polygons built from cells share exact edges. Only the
 * circumcenters are used, never d3's bounds clipping: every kept cell is surrounded by discarded
 * "outside" cells, which is checked.
 *
 * The river is forced onto cell boundaries: seed points are placed in mirrored pairs on either side
 * of its centre line, so the Voronoi edges between the two rows follow the river (to ~20 m in the
 * urban area). The railway is not: it crosses cells.
 */
import { Delaunay } from 'd3-delaunay';
import {
  createPolylineIndex,
  distanceMeters,
  signedAreaSquareMeters,
  type PlanePoint,
  type PolylineIndex,
} from './geometry.ts';
import type { Random } from './random.ts';

/** Urban or county (lower density, larger cells) part of the city. */
export type Zone = 'urban' | 'county';

/** One kept Voronoi cell. */
export interface MeshCell {
  /** Voronoi site. */
  seed: PlanePoint;
  zone: Zone;
  /** Vertex ids of the cell's ring, counter-clockwise, open (first not repeated). */
  ring: number[];
  /** For cells from the mirrored river rows: the pair number along the river and the bank. */
  riverPair: { index: number; side: 1 | -1 } | null;
}

/** A shared edge of the mesh (one or two kept cells on it). */
export interface MeshEdge {
  a: number;
  b: number;
  cells: number[];
}

/** The kept cells of the Voronoi diagram with their shared vertices and edges. */
export interface Mesh {
  vertices: PlanePoint[];
  cells: MeshCell[];
  edges: MeshEdge[];
  /** Kept neighbours of each cell (sharing an edge), ascending. */
  neighbours: number[][];
  /** River centre line (extends far beyond the city). */
  river: PolylineIndex;
  /** Railway centre line (extends far beyond the city). */
  rail: PolylineIndex;
  urbanSpacingM: number;
  countySpacingM: number;
  /** Index of the kept cell that contains `point`, or -1 outside the city. */
  locate(point: PlanePoint): number;
}

/** Target seed spacing in the urban area: cells of ~0.5 km². */
const URBAN_SPACING_M = 700;
/** Target seed spacing in the county: cells of ~2.5 km². */
const COUNTY_SPACING_M = 1600;
/** Voronoi vertices closer than this are merged into one (removes sliver edges). */
const VERTEX_MERGE_M = 0.5;

/** A Voronoi site before the diagram is built. */
interface Site {
  point: PlanePoint;
  riverPair: { index: number; side: 1 | -1 } | null;
}

/**
 * A star-shaped blob: normalised "radius" of a point, < 1-ish inside.
 * @private
 */
function createBlob(random: Random, center: PlanePoint, radiusM: number): (point: PlanePoint) => number {
  const harmonics = [
    { k: 2, amplitude: random.float(0.1, 0.17), phase: random.float(0, 2 * Math.PI) },
    { k: 3, amplitude: random.float(0.06, 0.11), phase: random.float(0, 2 * Math.PI) },
    { k: 5, amplitude: random.float(0.025, 0.05), phase: random.float(0, 2 * Math.PI) },
  ];
  return (point) => {
    const dx = point[0] - center[0];
    const dy = point[1] - center[1];
    const theta = Math.atan2(dy, dx);
    let shape = 1;
    for (const h of harmonics) shape += h.amplitude * Math.sin(h.k * theta + h.phase);
    return Math.hypot(dx, dy) / (radiusM * shape);
  };
}

/**
 * Jittered square grid of sites covering [-halfSizeM, halfSizeM]², minus those near the river.
 * @private
 */
function jitteredGrid(random: Random, spacingM: number, halfSizeM: number, river: PolylineIndex): Site[] {
  const sites: Site[] = [];
  const n = Math.ceil(halfSizeM / spacingM);
  const riverClearanceM = 0.75 * spacingM;
  for (let i = -n; i < n; i++) {
    for (let j = -n; j < n; j++) {
      const point: PlanePoint = [
        (i + 0.5 + random.float(-0.28, 0.28)) * spacingM,
        (j + 0.5 + random.float(-0.28, 0.28)) * spacingM,
      ];
      if (river.distanceWithin(point, riverClearanceM) < riverClearanceM) continue;
      sites.push({ point, riverPair: null });
    }
  }
  return sites;
}

/**
 * Mirrored site pairs along the river, so that Voronoi edges follow it.
 * @private
 */
function riverPairs(random: Random, spacingM: number, river: PolylineIndex, firstIndex: number): Site[] {
  const sites: Site[] = [];
  let index = firstIndex;
  for (let arcM = random.float(0, 0.8 * spacingM); arcM < river.lengthM; arcM += 0.8 * spacingM * random.float(0.92, 1.08)) {
    const center = river.pointAt(arcM);
    const normal = river.normalAt(arcM);
    const offsetM = 0.45 * spacingM * random.float(0.95, 1.05);
    sites.push({ point: [center[0] + offsetM * normal[0], center[1] + offsetM * normal[1]], riverPair: { index, side: 1 } });
    sites.push({ point: [center[0] - offsetM * normal[0], center[1] - offsetM * normal[1]], riverPair: { index, side: -1 } });
    index += 1;
  }
  return sites;
}

/**
 * Samples a curve v(u) in a rotated frame as a polyline.
 * @private
 */
function sampleCurve(
  origin: PlanePoint,
  angleRad: number,
  halfLengthM: number,
  stepM: number,
  offset: (uM: number) => number,
): PlanePoint[] {
  const dir: PlanePoint = [Math.cos(angleRad), Math.sin(angleRad)];
  const normal: PlanePoint = [-dir[1], dir[0]];
  const points: PlanePoint[] = [];
  for (let u = -halfLengthM; u <= halfLengthM; u += stepM) {
    const v = offset(u);
    points.push([origin[0] + u * dir[0] + v * normal[0], origin[1] + u * dir[1] + v * normal[1]]);
  }
  return points;
}

/**
 * Builds the mesh of `urbanCells + countyCells` kept cells.
 *
 * @param {Random} random stream for the layout
 * @param {Object} options cell counts
 * @param {number} options.urbanCells kept cells in the urban blob
 * @param {number} options.countyCells kept cells in the county blob
 * @returns {Mesh} the mesh
 * @example
 * const mesh = buildMesh(createRandom(1, 'mesh'), { urbanCells: 255, countyCells: 46 });
 */
export function buildMesh(random: Random, options: { urbanCells: number; countyCells: number }): Mesh {
  // Input validation
  const { urbanCells, countyCells } = options;
  if (!Number.isInteger(urbanCells) || urbanCells < 4) throw new Error(`urbanCells must be an integer ≥ 4, got ${urbanCells}`);
  if (!Number.isInteger(countyCells) || countyCells < 1) throw new Error(`countyCells must be an integer ≥ 1, got ${countyCells}`);

  const su = URBAN_SPACING_M;
  const sc = COUNTY_SPACING_M;
  const urbanRadiusM = Math.sqrt((urbanCells * su * su) / Math.PI);
  const countyRadiusM = Math.sqrt((countyCells * sc * sc) / Math.PI);
  const countyAngle = random.float(0, 2 * Math.PI);
  // Upper bound of the city's extent (the urban blob reaches at most ~1.45 × its mean radius).
  const halfSizeM = urbanRadiusM * 1.6 + countyRadiusM * 2.4 + 4 * sc;
  const urbanBlob = createBlob(random, [0, 0], urbanRadiusM);

  // River: a meandering, roughly east–west line near the centre.
  const riverAngle = random.float(-0.3, 0.3);
  const riverShiftM = random.float(-0.15, 0.15) * urbanRadiusM;
  const meanders = {
    a1: random.float(700, 1100),
    l1: random.float(11_000, 14_000),
    p1: random.float(0, 2 * Math.PI),
    a2: random.float(150, 280),
    l2: random.float(4_500, 6_000),
    p2: random.float(0, 2 * Math.PI),
  };
  const riverPoints = sampleCurve(
    [0, 0],
    riverAngle,
    halfSizeM * 1.5,
    40,
    (u) =>
      riverShiftM +
      meanders.a1 * Math.sin((2 * Math.PI * u) / meanders.l1 + meanders.p1) +
      meanders.a2 * Math.sin((2 * Math.PI * u) / meanders.l2 + meanders.p2),
  );
  const river = createPolylineIndex(riverPoints);

  // Railway: a long gentle curve crossing the river at 35–57°.
  const railAngle = riverAngle + (random.chance(0.5) ? 1 : -1) * random.float(0.6, 1.0);
  const railOrigin: PlanePoint = [random.float(-0.2, 0.2) * urbanRadiusM, random.float(-0.2, 0.2) * urbanRadiusM];
  const railBendRadiusM = random.float(25_000, 40_000) * (random.chance(0.5) ? 1 : -1);
  const rail = createPolylineIndex(
    sampleCurve(railOrigin, railAngle, halfSizeM * 1.5, 60, (u) => (u * u) / (2 * railBendRadiusM)),
  );

  // Urban sites: the `urbanCells` grid/river sites with the smallest blob radius.
  const urbanCandidates = [...jitteredGrid(random, su, urbanRadiusM * 2.2, river), ...riverPairs(random, su, river, 0)]
    .map((site, order) => ({ site, order, f: urbanBlob(site.point) }))
    .sort((p, q) => p.f - q.f || p.order - q.order);
  if (urbanCandidates.length < urbanCells + 1) throw new Error('urban grid too small');
  const urbanSites = urbanCandidates.slice(0, urbanCells).map((c) => c.site);
  const urbanLimit = (urbanCandidates[urbanCells - 1] as { f: number }).f;

  // County blob: attached to the urban edge in direction countyAngle, overlapping it a little.
  let urbanEdgeM = 0;
  for (const site of urbanSites) {
    const angle = Math.atan2(site.point[1], site.point[0]);
    const gap = Math.abs(((angle - countyAngle + 3 * Math.PI) % (2 * Math.PI)) - Math.PI);
    if (gap < 0.2) urbanEdgeM = Math.max(urbanEdgeM, Math.hypot(site.point[0], site.point[1]));
  }
  const countyDistanceM = urbanEdgeM + countyRadiusM * 0.45;
  const countyCenter: PlanePoint = [countyDistanceM * Math.cos(countyAngle), countyDistanceM * Math.sin(countyAngle)];
  const countyBlob = createBlob(random, countyCenter, countyRadiusM);

  // County candidates: coarse sites outside the urban blob.
  const coarseCandidates = [...jitteredGrid(random, sc, halfSizeM, river), ...riverPairs(random, sc, river, 1_000_000)]
    .filter((site) => urbanBlob(site.point) > urbanLimit)
    .map((site, order) => ({ site, order, f: countyBlob(site.point) }))
    .sort((p, q) => p.f - q.f || p.order - q.order);
  const countyEstimate =
    (coarseCandidates[Math.min(coarseCandidates.length - 1, Math.ceil(countyCells * 1.25))] as { f: number }).f;

  // Fringe: discarded urban-spaced sites just outside the blob (not on the county side), so the
  // outer urban cells keep a normal size.
  const fringeLimit = urbanLimit + (2.5 * su) / urbanRadiusM;
  const fringeSites = urbanCandidates
    .slice(urbanCells)
    .filter((c) => c.f <= fringeLimit && countyBlob(c.site.point) > countyEstimate)
    .map((c) => c.site);

  // Drop coarse sites too close to urban/fringe sites (hash grid of cell size su).
  const near = new Map<number, PlanePoint[]>();
  const hashKey = (x: number, y: number): number => (Math.floor(x / su) + 0x80000) * 0x100000 + Math.floor(y / su) + 0x80000;
  for (const site of [...urbanSites, ...fringeSites]) {
    const k = hashKey(site.point[0], site.point[1]);
    const list = near.get(k);
    if (list) list.push(site.point);
    else near.set(k, [site.point]);
  }
  const tooCloseToUrban = (point: PlanePoint): boolean => {
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        const list = near.get(hashKey(point[0] + dx * su, point[1] + dy * su));
        if (list) for (const other of list) if (distanceMeters(point, other) < 0.8 * su) return true;
      }
    }
    return false;
  };
  const coarseSites = coarseCandidates.filter((c) => !tooCloseToUrban(c.site.point)).map((c) => c.site);
  if (coarseSites.length < countyCells + 100) throw new Error('coarse grid too small');

  // Voronoi diagram of all sites.
  const sites = [...urbanSites, ...fringeSites, ...coarseSites];
  const urbanSiteCount = urbanSites.length + fringeSites.length;
  const coordinates = new Float64Array(sites.length * 2);
  sites.forEach((site, i) => {
    coordinates[2 * i] = site.point[0];
    coordinates[2 * i + 1] = site.point[1];
  });
  const delaunay = new Delaunay(coordinates);
  const circumcenters = delaunay.voronoi([-halfSizeM * 2, -halfSizeM * 2, halfSizeM * 2, halfSizeM * 2]).circumcenters;
  const { inedges, halfedges, triangles } = delaunay;
  const center = (t: number): PlanePoint => [circumcenters[2 * t] as number, circumcenters[2 * t + 1] as number];

  // Site adjacency through Voronoi edges of at least 1 m (shorter ones are merged away below).
  const siteNeighbours: number[][] = sites.map(() => []);
  for (let e = 0; e < triangles.length; e++) {
    const opposite = halfedges[e] as number;
    if (opposite < e) continue; // each interior edge once; hull edges (-1) skipped
    const i = triangles[e] as number;
    const j = triangles[e % 3 === 2 ? e - 2 : e + 1] as number;
    if (distanceMeters(center(Math.floor(e / 3)), center(Math.floor(opposite / 3))) >= 2 * VERTEX_MERGE_M) {
      (siteNeighbours[i] as number[]).push(j);
      (siteNeighbours[j] as number[]).push(i);
    }
  }

  // Kept cells are grown as connected regions: the urban one from its centre by blob radius
  // (among urban and fringe sites), then the county from the urban edge by county-blob radius.
  const grow = (starts: readonly number[], allowed: (i: number) => boolean, key: (i: number) => number, count: number): number[] => {
    const chosen: number[] = [];
    const taken = new Set<number>();
    const frontier = new Set<number>(starts.filter(allowed));
    while (chosen.length < count) {
      let best = -1;
      for (const i of frontier) if (best === -1 || key(i) < key(best) || (key(i) === key(best) && i < best)) best = i;
      if (best === -1) throw new Error('the city region cannot grow any further');
      frontier.delete(best);
      taken.add(best);
      chosen.push(best);
      for (const j of siteNeighbours[best] as number[]) if (!taken.has(j) && allowed(j)) frontier.add(j);
    }
    return chosen.sort((p, q) => p - q);
  };
  const urbanF = sites.map((site) => urbanBlob(site.point));
  const countyF = sites.map((site) => countyBlob(site.point));
  const urbanKept = grow([0], (i) => i < urbanSiteCount, (i) => urbanF[i] as number, urbanCells);
  const urbanSet = new Set(urbanKept);
  // The county starts from the coarse site next to the urban region that is nearest its centre.
  let countyStart = -1;
  for (const i of urbanKept) {
    for (const j of siteNeighbours[i] as number[]) {
      if (j < urbanSiteCount) continue;
      if (countyStart === -1 || (countyF[j] as number) < (countyF[countyStart] as number)) countyStart = j;
    }
  }
  const countyKept = grow(
    [countyStart],
    (i) => i >= urbanSiteCount,
    (i) => countyF[i] as number,
    countyCells,
  );
  const keptSites = [...urbanKept, ...countyKept];
  const keptCount = keptSites.length;
  const cellOfSite = new Int32Array(sites.length).fill(-1);
  keptSites.forEach((site, c) => {
    cellOfSite[site] = c;
  });
  if (urbanSet.size !== urbanCells) throw new Error('urban region has the wrong size');

  // Triangles around each kept site (its Voronoi vertices), as d3's own cell walk does.
  const triangleRings: number[][] = [];
  for (const i of keptSites) {
    const e0 = inedges[i] as number;
    if (e0 === -1) throw new Error(`site ${i} coincides with another site`);
    const ring: number[] = [];
    let e = e0;
    do {
      ring.push(Math.floor(e / 3));
      e = e % 3 === 2 ? e - 2 : e + 1;
      if (triangles[e] !== i) throw new Error('bad triangulation');
      e = halfedges[e] as number;
      if (e === -1) throw new Error(`kept cell ${i} lies on the hull of the diagram`);
    } while (e !== e0);
    triangleRings.push(ring);
  }

  // Merge Voronoi vertices closer than VERTEX_MERGE_M (union–find over triangles).
  const parent = new Map<number, number>();
  const find = (t: number): number => {
    let root = t;
    while ((parent.get(root) ?? root) !== root) root = parent.get(root) as number;
    parent.set(t, root);
    return root;
  };
  for (const ring of triangleRings) {
    for (let k = 0; k < ring.length; k++) {
      const t1 = ring[k] as number;
      const t2 = ring[(k + 1) % ring.length] as number;
      if (distanceMeters(center(t1), center(t2)) < VERTEX_MERGE_M) {
        const r1 = find(t1);
        const r2 = find(t2);
        if (r1 !== r2) parent.set(Math.max(r1, r2), Math.min(r1, r2));
      }
    }
  }

  const vertexOfRoot = new Map<number, number>();
  const vertices: PlanePoint[] = [];
  const cells: MeshCell[] = triangleRings.map((triangleRing, i) => {
    const ring: number[] = [];
    for (const t of triangleRing) {
      const root = find(t);
      let vertex = vertexOfRoot.get(root);
      if (vertex === undefined) {
        vertex = vertices.length;
        vertexOfRoot.set(root, vertex);
        vertices.push(center(root));
      }
      if (ring[ring.length - 1] !== vertex) ring.push(vertex);
    }
    while (ring.length > 1 && ring[0] === ring[ring.length - 1]) ring.pop();
    if (ring.length < 3) throw new Error(`cell ${i} collapsed to fewer than 3 vertices`);
    if (signedAreaSquareMeters(ring.map((v) => vertices[v] as PlanePoint)) < 0) ring.reverse();
    const site = sites[keptSites[i] as number] as Site;
    return { seed: site.point, zone: i < urbanCells ? 'urban' : 'county', ring, riverPair: site.riverPair };
  });

  // Shared edges and neighbours.
  const edgeByKey = new Map<number, MeshEdge>();
  const edges: MeshEdge[] = [];
  const vertexCount = vertices.length;
  cells.forEach((cell, c) => {
    cell.ring.forEach((v, k) => {
      const w = cell.ring[(k + 1) % cell.ring.length] as number;
      const a = Math.min(v, w);
      const b = Math.max(v, w);
      const key = a * vertexCount + b;
      const edge = edgeByKey.get(key);
      if (edge) edge.cells.push(c);
      else {
        const created = { a, b, cells: [c] };
        edgeByKey.set(key, created);
        edges.push(created);
      }
    });
  });
  const neighbours: number[][] = cells.map(() => []);
  for (const edge of edges) {
    if (edge.cells.length > 2) throw new Error('an edge is shared by more than two cells');
    if (edge.cells.length === 2) {
      const [p, q] = edge.cells as [number, number];
      (neighbours[p] as number[]).push(q);
      (neighbours[q] as number[]).push(p);
    }
  }
  for (const list of neighbours) list.sort((p, q) => p - q);

  let lastFound = 0;
  return {
    vertices,
    cells,
    edges,
    neighbours,
    river,
    rail,
    urbanSpacingM: su,
    countySpacingM: sc,
    locate(point) {
      lastFound = delaunay.find(point[0], point[1], lastFound);
      return cellOfSite[lastFound] as number;
    },
  };
}
