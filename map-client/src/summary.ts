// Counts shown in the panel and the type picker, computed from the loaded data.
import type { DataSummary } from './state.ts';
import type { CommunityCollection, FacilityCollection } from './types.ts';

/** Facilities per type code. Does not mutate its input. */
export function countFacilitiesByType(facilities: FacilityCollection): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const feature of facilities.features) {
    const type = feature.properties?.type;
    if (typeof type === 'string') counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/** Community and facility counts and total population (non-numeric populations count as 0). */
export function summarize(communities: CommunityCollection, facilities: FacilityCollection): DataSummary {
  let population = 0;
  for (const feature of communities.features) {
    const value = Number(feature.properties?.population);
    if (Number.isFinite(value)) population += value;
  }
  return { communities: communities.features.length, facilities: facilities.features.length, population };
}
