import type { CollectionDef } from '../schema/collections.ts';
import { hasRole, type Role } from './principal.ts';

/**
 * Properties only planners and admins may read, per collection. Household counts of single buildings
 * identify households; the public sees them summed per community and above.
 */
export const PLANNER_ONLY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  buildings: ['households'],
};

/** Gap features only planners and admins may read (`uncovered_building` carries a building's households). */
export const PLANNER_ONLY_GAP_KINDS: readonly string[] = ['uncovered_building'];

/** The collection as `role` may see it: planner-only properties removed (so never selected, filtered or exported). */
export function visibleCollection(def: CollectionDef, role: Role): CollectionDef {
  const hidden = PLANNER_ONLY_PROPERTIES[def.id];
  if (!hidden || hasRole(role, 'planner')) return def;
  return { ...def, properties: Object.fromEntries(Object.entries(def.properties).filter(([k]) => !hidden.includes(k))) };
}

/** A gaps FeatureCollection as `role` may see it. */
export function visibleGaps<T extends { features: Array<{ properties: unknown }> }>(gaps: T, role: Role): T {
  if (hasRole(role, 'planner')) return gaps;
  return { ...gaps, features: gaps.features.filter((f) => !PLANNER_ONLY_GAP_KINDS.includes((f.properties as { kind?: string } | null)?.kind ?? '')) };
}
