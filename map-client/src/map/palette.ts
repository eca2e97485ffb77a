// Facility-type colours. The catalogue has 37 types (16 mapped since the first plans, 21 more that
// the Beijing and Zibo plans name, issue #20); 37 colours cannot be told apart pairwise, least of
// all under colour-vision deficiencies. So:
// - the 16 primary types get 16 distinct colours, picked from Okabe-Ito, Paul Tol's bright/muted/
//   vibrant and Tableau-10 by maximising the smallest CIELAB distance (ΔE76) over normal vision and
//   deutan, protan and tritan simulation (Machado 2009): >= 17 normal, >= 11.5 under any simulation,
//   >= 25 from the map background. Related types share a hue family (health: vermillion/pink,
//   elderly care: purples, culture: blues/cyan, services: black/brown/olive/yellows);
// - each of the other 21 is grouped with its closest primary type (its kin: same service family),
//   takes the kin's colour and is drawn with a dark ring (FACILITY_RING_COLOR) instead of the thin
//   outline, on the map and in the legend. So a ringed dot reads "this family, one of the further
//   types" and the popup or the legend names it; types that share colour and ring share a kin.
// The circle size still encodes the level.

/** The 16 primary types, each with a colour of its own (catalogue order). */
export const PRIMARY_FACILITY_TYPES = [
  'health_center', 'health_station', 'culture_station', 'culture_room', 'fitness_ground', 'elderly_home',
  'elderly_daycare', 'district_service_center', 'street_service_center', 'community_service_station',
  'employment_station', 'convenience_outlet', 'culture_square', 'book_point', 'culture_school', 'police_office',
] as const;

const PRIMARY_COLORS: Readonly<Record<(typeof PRIMARY_FACILITY_TYPES)[number], string>> = {
  health_center: '#D55E00',
  health_station: '#FF9DA7',
  culture_station: '#332288',
  culture_room: '#0072B2',
  fitness_ground: '#59A14F',
  elderly_home: '#AA3377',
  elderly_daycare: '#B07AA1',
  district_service_center: '#222222',
  street_service_center: '#8C510A',
  community_service_station: '#999933',
  employment_station: '#CCBB44',
  convenience_outlet: '#F0E442',
  culture_square: '#33BBEE',
  book_point: '#117733',
  culture_school: '#CC6677',
  police_office: '#4D4D4D',
};

/** The further types (issue #20), each with the primary type whose colour it takes (its kin). */
export const FACILITY_TYPE_KIN: Readonly<Record<string, (typeof PRIMARY_FACILITY_TYPES)[number]>> = {
  disabled_care_home: 'elderly_daycare',
  disabled_service_station: 'elderly_daycare',
  township_welfare_centre: 'elderly_home',
  info_network_centre: 'street_service_center',
  hotline_call_centre: 'street_service_center',
  science_base: 'culture_station',
  library_room: 'book_point',
  reading_room: 'book_point',
  activity_room: 'culture_room',
  community_office: 'community_service_station',
  culture_activity_station: 'culture_room',
  social_security_station: 'employment_station',
  culture_sports_venue: 'fitness_ground',
  affairs_centre: 'street_service_center',
  street_employment_office: 'employment_station',
  service_enterprise: 'convenience_outlet',
  city_service_center: 'street_service_center',
  city_elderly_community: 'elderly_home',
  city_welfare_centre: 'elderly_home',
  city_elderly_rehab: 'elderly_home',
  city_welfare_hospital: 'health_center',
};

/** Colour per facility-type code (see seeds/facility-types.json): primaries, then kin colours. */
export const FACILITY_TYPE_COLORS: Readonly<Record<string, string>> = {
  ...PRIMARY_COLORS,
  ...Object.fromEntries(Object.entries(FACILITY_TYPE_KIN).map(([code, kin]) => [code, PRIMARY_COLORS[kin]])),
};

/** The ring drawn around the dots of the further (non-primary) types. */
export const FACILITY_RING_COLOR = '#1F2933';

/** True for a type drawn with the dark ring (a further type sharing its kin's colour). */
export function isRingedType(typeCode: string): boolean {
  return Object.hasOwn(FACILITY_TYPE_KIN, typeCode);
}

/** Colour for a type the palette doesn't know yet (added to the catalogue after this build). */
export const UNKNOWN_TYPE_COLOR = '#9E9E9E';

export function facilityTypeColor(typeCode: string): string {
  return FACILITY_TYPE_COLORS[typeCode] ?? UNKNOWN_TYPE_COLOR;
}

const PALETTE_ORDER = Object.keys(FACILITY_TYPE_COLORS);

/**
 * Types in legend order: the palette's (catalogue) order, which keeps hue families together;
 * types the palette doesn't know go last, in their given order. Returns a new array.
 */
export function sortFacilityTypes<T extends { code: string }>(types: readonly T[]): T[] {
  const rank = (code: string) => {
    const index = PALETTE_ORDER.indexOf(code);
    return index === -1 ? PALETTE_ORDER.length : index;
  };
  return types
    .map((type, index) => ({ type, index }))
    .sort((a, b) => rank(a.type.code) - rank(b.type.code) || a.index - b.index)
    .map(({ type }) => type);
}

/** Map chrome colours, shared by the style and the legend. */
export const MAP_COLORS = {
  background: '#EEF0EC',
  communityFill: '#FFFFFF',
  communityHover: '#FBE3A6',
  communitySelected: '#F6C453',
  communityOutline: '#B9BDB4',
  communitySelectedOutline: '#7A5A00',
  streetLine: '#7D8794',
  districtCasing: '#FFFFFF',
  districtLine: '#3E4C5E',
  facilityHalo: '#FFFFFF',
  facilityOutline: 'rgba(31, 41, 51, 0.55)',
  reachFill: '#1F5F99',
  reachLine: '#1F5F99',
  gap: '#D55E00',
  building: '#6B7280',
  labelHalo: '#FFFFFF',
  labelDistrict: '#2B3440',
  labelStreet: '#3E4C5E',
  labelCommunity: '#4B5563',
  proposal: '#1F2933',
  scenarioRing: '#111111',
} as const;
