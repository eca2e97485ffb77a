import { z } from 'zod';
import { code, count, extra, type Entity } from './fields.ts';

/** A residential building point carrying households: table `building` (migration 0003). */
export const building = {
  table: 'building',
  record: z.object({ code, community_code: code.nullable(), households: count, properties: extra }),
  geometry: { stored: 'Point', write: 'Point', nullable: false },
} satisfies Entity;
export type Building = z.infer<typeof building.record>;
