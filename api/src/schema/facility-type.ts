import { z } from 'zod';
import { extra, name, typeCode, type Entity } from './fields.ts';

/** A facility type of the catalogue (level, reach in metres, the standard): table `facility_type` (migration 0003). */
export const facilityType = {
  table: 'facility_type',
  record: z.object({
    code: typeCode,
    name_zh: name, name_en: name, level: z.enum(['district', 'street', 'community']),
    reach_m: z.number().positive('must be > 0').max(100_000, 'must be ≤ 100000 m'),
    // Citations run long (the built-in catalogue's reach 317 characters): not the 200 of a name.
    standard: z.string().trim().min(1, 'must not be empty').max(1000),
    properties: extra,
  }),
  geometry: null,
} satisfies Entity;

/** A catalogue entry as `seeds/facility-types.json` lists it (no free properties). */
export const facilityTypeSchema = facilityType.record.omit({ properties: true });
export type FacilityType = z.infer<typeof facilityTypeSchema>;
