// Counts shown in the panel, computed from the loaded data.
import type { DataSummary } from './state.ts';
import type { CommunityCollection } from './types.ts';

/**
 * Community count, total population (non-numeric populations count as 0) and the facility count
 * (the sum of the per-type counts). Does not mutate its input.
 */
export function summarize(communities: CommunityCollection, facilityCounts: Readonly<Record<string, number>>): DataSummary {
  let population = 0;
  for (const feature of communities.features) {
    const value = Number(feature.properties?.population);
    if (Number.isFinite(value)) population += value;
  }
  const facilities = Object.values(facilityCounts).reduce((sum, count) => sum + (Number.isFinite(count) ? count : 0), 0);
  return { communities: communities.features.length, facilities, population };
}
