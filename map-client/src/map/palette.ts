// Facility-type colours. 16 categories cannot all be told apart under every colour-vision
// deficiency, so the set was picked from Okabe-Ito, Paul Tol's bright/muted/vibrant and
// Tableau-10 by maximising the smallest CIELAB distance (ΔE76) over normal vision and deutan,
// protan and tritan simulation (Machado 2009): >= 17 normal, >= 12 under any simulation, and
// >= 25 from the map background. Related types share a hue family (health: vermillion/pink,
// elderly care: purples, culture: blues/cyan, services: black/brown/olive/yellows), and the
// circle size encodes the level, so a confusable pair still differs in meaning or size.

/** Colour per facility-type code (see seeds/facility-types.json). */
export const FACILITY_TYPE_COLORS: Readonly<Record<string, string>> = {
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
