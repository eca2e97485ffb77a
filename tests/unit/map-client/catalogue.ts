// The real facility-type catalogue (seeds/facility-types.json), shared by the map-client unit tests.
import { readFileSync } from 'node:fs';
import type { FacilityTypeProperties } from '../../../map-client/src/types.ts';

export function loadCatalogue(): FacilityTypeProperties[] {
  const raw = readFileSync(new URL('../../../seeds/facility-types.json', import.meta.url), 'utf8');
  return (JSON.parse(raw) as { types: FacilityTypeProperties[] }).types;
}
