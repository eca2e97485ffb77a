import { z } from 'zod';
import { code, extra, name, type Entity } from './fields.ts';

/** A street or township (街道/乡镇): table `street` (migration 0002). No shape: derived from its communities. */
export const street = {
  table: 'street',
  record: z.object({ code, name, kind: z.enum(['street', 'township']), district_code: code, properties: extra }),
  geometry: { stored: 'MultiPolygon', write: 'Polygon', nullable: true },
} satisfies Entity;
export type Street = z.infer<typeof street.record>;
