// Capacity-aware accessibility (2SFCA, GET /api/accessibility) is offered for the facility
// families that carry a capacity: health (general practitioners) and elderly care (beds). Each
// profile names the supply and demand measures, the "per" base the ratio is read in, and the plan
// ratio used as the scale's target (Zibo 2003–2007: 2 GPs per 10 000 residents; Beijing and Zibo:
// elderly-care beds = 1.5 % of the elderly).

export interface AccessProfile {
  id: 'health' | 'elderly';
  /** Facility types whose capacity is pooled (each with its own catalogue reach). */
  types: readonly string[];
  supply: 'gp_count' | 'beds';
  demand: 'population' | 'elderly';
  /** The ratio is shown per this many units of demand. */
  per: number;
  /** The plan ratio, in the same terms (supply per `per` demand). */
  target: number;
}

export const ACCESS_PROFILES: readonly AccessProfile[] = [
  { id: 'health', types: ['health_center', 'health_station'], supply: 'gp_count', demand: 'population', per: 10_000, target: 2 },
  { id: 'elderly', types: ['elderly_home', 'elderly_daycare'], supply: 'beds', demand: 'elderly', per: 100, target: 1.5 },
];

/** The profile for a facility type, or null when the type has no capacity to share. */
export function accessProfileFor(typeCode: string | null): AccessProfile | null {
  if (typeCode === null) return null;
  return ACCESS_PROFILES.find((profile) => profile.types.includes(typeCode)) ?? null;
}

/** The query string of `GET /api/accessibility` for a profile at community level. */
export function accessQuery(profile: AccessProfile, extra: Record<string, string> = {}): URLSearchParams {
  return new URLSearchParams({
    type: profile.types.join(','),
    supply: profile.supply,
    demand: profile.demand,
    method: '2sfca',
    level: 'community',
    target: String(profile.target),
    per: String(profile.per),
    ...extra,
  });
}
