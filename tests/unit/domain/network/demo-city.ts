/** The default demo city as walking-engine input (generated once per test file). */
import type { FeatureCollection, LineString } from 'geojson';
import type { CoverageInput } from '../../../../api/src/domain/coverage/index.ts';
import { generateCity } from '../../../../seeds/demo-city/generate.ts';

export function demoCityInput(): { input: CoverageInput; lines: FeatureCollection<LineString, { kind: string; name: string | null }> } {
  const city = generateCity();
  const districtOf = new Map(city.streets.map((s) => [s.code, s.district_code]));
  return {
    lines: city.network,
    input: {
      communities: city.communities.features.map((f) => ({ ...f.properties, district_code: districtOf.get(f.properties.street_code)!, geometry: f.geometry })),
      buildings: city.buildings.features.map((f) => ({ ...f.properties, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! })),
      facilities: city.facilities.features.map((f) => ({ ...f.properties, lon: f.geometry.coordinates[0]!, lat: f.geometry.coordinates[1]! })),
    },
  };
}
