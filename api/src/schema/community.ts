import { z } from 'zod';
import { code, count, extra, name, type Entity } from './fields.ts';

/** A community (社区, residents' committee area): table `community` (migration 0002). */
export const community = {
  table: 'community',
  record: z.object({ code, name, street_code: code, households: count, population: count, elderly: count.default(0), properties: extra }),
  geometry: { stored: 'MultiPolygon', write: 'Polygon', nullable: false },
} satisfies Entity;
export type Community = z.infer<typeof community.record>;

/** A community's columns, free properties optional: what the seeds produce and the map client reads. */
export type CommunityProperties = Omit<Community, 'properties'> & { properties?: Record<string, unknown> };

/** The rule the table's CHECK also holds: no more elderly than residents. */
export const elderlyWithinPopulation = {
  check: (c: { elderly: number; population: number }) => c.elderly <= c.population,
  issue: { path: ['elderly'], message: 'must not exceed population' },
};
