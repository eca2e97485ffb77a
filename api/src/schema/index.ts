/**
 * One schema per entity (zod): the TS types, the write schemas (services/write-schemas.ts), the
 * published collections (collections.ts) and the OpenAPI components derive from these; the SQL
 * migrations stay the storage truth and a test holds the two together.
 */
import { building } from './building.ts';
import { community } from './community.ts';
import { district } from './district.ts';
import { facilityType } from './facility-type.ts';
import { facility } from './facility.ts';
import type { Entity } from './fields.ts';
import { street } from './street.ts';

export const ENTITIES: readonly Entity[] = [district, street, community, building, facility, facilityType];
