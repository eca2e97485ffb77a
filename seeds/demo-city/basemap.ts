/**
 * What the offline basemap draws of the demo city besides its streets and railway (those are the
 * network lines, with their names): the river as a water area and a named centre line (#17).
 */
import type { FeatureCollection, Geometry } from 'geojson';
import type { BasemapProps } from '../../api/src/db/load-city.ts';
import type { City } from './generate.ts';

/** The river polygon → layer water; its centre line → layer waterway (carries the name for a line label). */
export function demoBasemap(city: Pick<City, 'river'>): FeatureCollection<Geometry, BasemapProps> {
  return {
    type: 'FeatureCollection',
    features: city.river.features.map((f) => ({
      type: 'Feature',
      geometry: f.geometry,
      properties: f.properties.kind === 'water'
        ? { layer: 'water', class: 'river', name: f.properties.name, name_en: 'Yudai River' }
        : { layer: 'waterway', class: 'river', name: f.properties.name, name_en: 'Yudai River' },
    })),
  };
}
