import type { Zone } from './mesh.ts';
import type { Random } from './random.ts';

/**
 * Households, population and elderly of the demo city's communities: mostly 1 000–3 000
 * households, a few deliberately outside (the plans' "too small / too large" checks need them).
 */

/** A community's counts. */
export interface CommunityCounts {
  households: number;
  population: number;
  elderly: number;
}

/** Options of {@link countHouseholds}. */
export interface HouseholdOptions {
  /** The communities in layout order; only the zone matters (the county is older). */
  communities: ReadonlyArray<{ zone: Zone }>;
  random: Random;
}

/**
 * Draws each community's counts; ~3 % are outliers (600–980 or 3 020–3 600 households).
 *
 * @param {HouseholdOptions} options the communities and the stream
 * @returns {CommunityCounts[]} counts in the communities' order
 * @example
 * const counts = countHouseholds({ communities, random: random.fork('households') });
 */
export function countHouseholds({ communities, random: r }: HouseholdOptions): CommunityCounts[] {
  const outliers = r.shuffled(communities.map((_, i) => i)).slice(0, Math.max(2, Math.round(communities.length * 0.03)));
  const outlierKind = new Map(outliers.map((i, k) => [i, k % 2 === 0 ? 'low' : 'high']));
  return communities.map((community, i) => {
    const kind = outlierKind.get(i);
    const bell = (r.next() + r.next() + r.next()) / 3;
    const households =
      kind === 'low' ? r.int(600, 980) : kind === 'high' ? r.int(3020, 3600) : Math.round(1000 + 2000 * Math.pow(bell, 1.1));
    const population = Math.round(households * r.float(2.6, 3.0));
    const elderly = Math.round(population * (community.zone === 'county' ? r.float(0.15, 0.22) : r.float(0.12, 0.2)));
    return { households, population, elderly };
  });
}
