import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { areaCentroid } from '../accessibility/area-centroid.ts';
import { fallbackGrid } from '../coverage/fallback-grid.ts';
import { geodesicAreaSquareMeters } from '../geo/geodesic-area.ts';
import { SitingInputError } from './errors.ts';
import type { SitePoint } from './coverage-problem.ts';

function idOf(f: Feature, idProperty: string, k: number, field: string): string {
  const raw = f.properties?.[idProperty] ?? f.id;
  if ((typeof raw !== 'string' && typeof raw !== 'number') || raw === '') {
    throw new SitingInputError(`${field}.features[${k}].properties.${idProperty}`, 'is missing (each candidate needs an id)');
  }
  return String(raw);
}

function isArea(g: Geometry | null): g is Polygon | MultiPolygon {
  return g !== null && (g.type === 'Polygon' || g.type === 'MultiPolygon');
}

/**
 * Candidate sites from GeoJSON: a Point is the site; a Polygon or MultiPolygon (a parcel, a
 * community) gives its area centroid (as PostGIS `ST_Centroid`). Ids come from
 * `properties[idProperty]`, else the feature id; they must be unique.
 *
 * @param {FeatureCollection} features points or areas
 * @param {Object} [options={}] Optional parameters
 * @param {string} [options.idProperty='id'] property holding the id
 * @param {string} [options.field='candidates'] name used in error messages
 * @returns {SitePoint[]} one candidate per feature, in order
 * @example
 * const candidates = featureCandidates(communities, { idProperty: 'code' }); // community centroids
 */
export function featureCandidates(features: FeatureCollection, options: { idProperty?: string; field?: string } = {}): SitePoint[] {
  // Input validation
  const field = options.field ?? 'candidates';
  const idProperty = options.idProperty ?? 'id';
  if (!features || features.type !== 'FeatureCollection' || !Array.isArray(features.features)) throw new SitingInputError(field, 'must be a GeoJSON FeatureCollection');

  const seen = new Set<string>();
  return features.features.map((f, k) => {
    const id = idOf(f, idProperty, k, field);
    if (seen.has(id)) throw new SitingInputError(`${field}.features[${k}]`, `id ${JSON.stringify(id)} appears twice`);
    seen.add(id);
    const g = f.geometry;
    let lonLat: number[];
    if (g?.type === 'Point') lonLat = g.coordinates;
    else if (isArea(g)) lonLat = areaCentroid(g);
    else throw new SitingInputError(`${field}.features[${k}].geometry`, `must be a Point, Polygon or MultiPolygon, got ${g?.type ?? 'null'}`);
    const [lon, lat] = lonLat as [number, number];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) throw new SitingInputError(`${field}.features[${k}].geometry`, 'has non-finite coordinates');
    return { id, lon, lat };
  });
}

/**
 * Candidate sites on a regular grid inside each area (communities, parcels), `spacingMeters`
 * apart east-west and north-south (the coverage engine's fallback grid, so congruent parts get the
 * same points; an area smaller than one cell gets one point inside it). Ids are
 * `<area id>#<k>`, k from 0 in grid order.
 *
 * @param {FeatureCollection<Polygon|MultiPolygon>} areas the areas to fill
 * @param {number} spacingMeters grid spacing in metres (≥ 10)
 * @param {Object} [options={}] Optional parameters
 * @param {string} [options.idProperty='id'] property holding the area id
 * @param {number} [options.maxPoints=100000] cap on the total number of candidates
 * @returns {SitePoint[]} the grid candidates, area by area
 * @example
 * const candidates = gridCandidates(communities, 100, { idProperty: 'code' });
 */
export function gridCandidates(areas: FeatureCollection, spacingMeters: number, options: { idProperty?: string; maxPoints?: number } = {}): SitePoint[] {
  // Input validation
  if (!areas || areas.type !== 'FeatureCollection' || !Array.isArray(areas.features)) throw new SitingInputError('areas', 'must be a GeoJSON FeatureCollection');
  if (!(spacingMeters >= 10) || !Number.isFinite(spacingMeters)) throw new SitingInputError('grid_spacing_m', `must be metres ≥ 10, got ${spacingMeters}`);
  const idProperty = options.idProperty ?? 'id';
  const maxPoints = options.maxPoints ?? 100_000;

  const tooMany = (): never => {
    throw new SitingInputError('grid_spacing_m', `${spacingMeters} m gives more than ${maxPoints} candidates; use a larger spacing`);
  };
  const out: SitePoint[] = [];
  areas.features.forEach((f, k) => {
    const g = f.geometry;
    if (!isArea(g)) throw new SitingInputError(`areas.features[${k}].geometry`, `must be a Polygon or MultiPolygon, got ${g?.type ?? 'null'}`);
    const id = idOf(f, idProperty, k, 'areas');
    // Refuse before building a grid far too large (the estimate is the area in cells).
    if (out.length + geodesicAreaSquareMeters(g) / (spacingMeters * spacingMeters) > 2 * maxPoints + 1) tooMany();
    // targetPoints 1 makes the spacing exactly spacingMeters (unless the area is smaller than a cell).
    const { points } = fallbackGrid(g, { targetPoints: 1, maxSpacingMeters: spacingMeters, maxPoints: Infinity });
    points.forEach(([lon, lat], i) => out.push({ id: `${id}#${i}`, lon: lon as number, lat: lat as number }));
    if (out.length > maxPoints) tooMany();
  });
  return out;
}
