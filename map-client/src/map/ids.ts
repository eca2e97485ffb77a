// Source and layer ids: one place, so controls, interactions and tests agree.

export const SOURCE_IDS = {
  districts: 'districts',
  streets: 'streets',
  communities: 'communities',
  facilities: 'facilities',
} as const;
export type SourceId = (typeof SOURCE_IDS)[keyof typeof SOURCE_IDS];

export const LAYER_IDS = {
  background: 'background',
  communitiesFill: 'communities-fill',
  communitiesOutline: 'communities-outline',
  communitiesHighlight: 'communities-highlight',
  streetsLine: 'streets-line',
  districtsCasing: 'districts-casing',
  districtsLine: 'districts-line',
  facilitiesCircle: 'facilities-circle',
} as const;

/** What a layer toggle switches: each group is one checkbox. */
export const LAYER_GROUPS = ['districts', 'streets', 'communities', 'facilities'] as const;
export type LayerGroup = (typeof LAYER_GROUPS)[number];

/** The map layers each toggle shows or hides. */
export const LAYER_GROUP_LAYERS: Readonly<Record<LayerGroup, readonly string[]>> = {
  districts: [LAYER_IDS.districtsCasing, LAYER_IDS.districtsLine],
  streets: [LAYER_IDS.streetsLine],
  communities: [LAYER_IDS.communitiesFill, LAYER_IDS.communitiesOutline, LAYER_IDS.communitiesHighlight],
  facilities: [LAYER_IDS.facilitiesCircle],
};
