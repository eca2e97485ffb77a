import { z } from 'zod';
import { code, count, date, extra, measure, name, type Entity } from './fields.ts';

export const FACILITY_STATUSES = ['open', 'planned', 'closed'] as const;

/** A service facility of a catalogue type: table `facility` (migration 0003). */
export const facility = {
  table: 'facility',
  record: z.object({
    code, name, type: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'a facility-type code'),
    status: z.enum(FACILITY_STATUSES).default('open'),
    opened_on: date.nullable(), closed_on: date.nullable(),
    floor_area_m2: measure.nullable(), site_area_m2: measure.nullable(),
    beds: count.nullable(), gp_count: count.nullable(),
    grade: z.string().max(20).nullable(), service_items: count.nullable(),
    properties: extra,
  }),
  geometry: { stored: 'Point', write: 'Point', nullable: false },
} satisfies Entity;

/** A facility record as stored (without its geometry). */
export type Facility = z.infer<typeof facility.record>;

/** A facility's columns, free properties optional: what the seeds and importers produce. */
export type FacilityProperties = Omit<z.infer<typeof facility.record>, 'properties'> & { properties?: Record<string, unknown> };

/** The rule the table's CHECK also holds: a facility closes after it opens. */
export const closesAfterOpening = {
  check: (f: { opened_on?: string | null; closed_on?: string | null }) => !f.opened_on || !f.closed_on || f.closed_on > f.opened_on,
  issue: { path: ['closed_on'], message: 'must be after opened_on' },
};
