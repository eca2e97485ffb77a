// A community's gaps in a few numbers, from GET /api/coverage/gaps?unit=<community code>.
import type { GapCollection } from '../api/endpoints.ts';
import type { GapSummary } from './popup-content.ts';

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Households without a facility in reach, and how far their nearest one is: the server's median
 * and 90th percentile (on the uncovered area), and the nearest uncovered building's distance.
 * Does not mutate its input.
 */
export function summarizeGaps(gaps: GapCollection, communityCode: string): GapSummary {
  let householdsUncovered = 0;
  let medianM: number | null = null;
  let p90M: number | null = null;
  let nearestM: number | null = null;
  let buildingHouseholds = 0;
  let sawArea = false;
  for (const feature of gaps.features) {
    const props = feature.properties;
    if (props?.community_code !== communityCode) continue;
    if (props.kind === 'uncovered_area') {
      sawArea = true;
      householdsUncovered += finite(props.households_uncovered) ?? 0;
      medianM ??= finite(props.nearest_median_m);
      p90M ??= finite(props.nearest_p90_m);
    } else if (props.kind === 'uncovered_building') {
      buildingHouseholds += finite(props.households) ?? 0;
      const distance = finite(props.nearest_distance_m);
      if (distance !== null) nearestM = nearestM === null ? distance : Math.min(nearestM, distance);
    }
  }
  // Without an area feature (should not happen) the buildings still say how many are uncovered.
  if (!sawArea) householdsUncovered = buildingHouseholds;
  return { householdsUncovered, nearestM, medianM, p90M };
}
