import { z } from 'zod';
import { code, extra, name, type Entity } from './fields.ts';

/** A district or county (区/县): table `district` (migration 0002). No shape: derived from its streets. */
export const district = {
  table: 'district',
  record: z.object({ code, name, kind: z.enum(['district', 'county']), properties: extra }),
  geometry: { stored: 'MultiPolygon', write: 'Polygon', nullable: true },
} satisfies Entity;
export type District = z.infer<typeof district.record>;
