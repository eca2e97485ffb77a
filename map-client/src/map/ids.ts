// Source and layer ids: one place, so controls, interactions and tests agree.

export const SOURCE_IDS = {
  basemap: 'basemap',
  districts: 'districts',
  streets: 'streets',
  communities: 'communities',
  facilities: 'facilities',
  buildings: 'buildings',
  labels: 'labels',
  gaps: 'gaps',
  reach: 'reach',
  scenario: 'scenario',
  proposals: 'proposals',
  nearby: 'nearby',
  /** The offline basemap from our own data (GET /api/tiles/basemap.json). */
  offlineBasemap: 'offline-basemap',
} as const;
export type SourceId = (typeof SOURCE_IDS)[keyof typeof SOURCE_IDS];

/** Sources served as vector tiles by the API (`/api/tiles/{id}.json`); the layer name equals the id. */
export const TILE_SOURCES = [SOURCE_IDS.communities, SOURCE_IDS.facilities, SOURCE_IDS.buildings] as const;
export type TileSourceId = (typeof TILE_SOURCES)[number];

/** The vector-tile layer inside each tiled source (the API names it after the collection). */
export function sourceLayerOf(source: string): string | undefined {
  return (TILE_SOURCES as readonly string[]).includes(source) ? source : undefined;
}

export const LAYER_IDS = {
  background: 'background',
  basemap: 'basemap',
  communitiesFill: 'communities-fill',
  communitiesOutline: 'communities-outline',
  gapsFill: 'gaps-fill',
  gapsOutline: 'gaps-outline',
  reachFill: 'reach-fill',
  reachLine: 'reach-line',
  reachCircle: 'reach-circle',
  reachScenario: 'reach-scenario',
  streetsLine: 'streets-line',
  districtsCasing: 'districts-casing',
  districtsLine: 'districts-line',
  communitiesHighlight: 'communities-highlight',
  buildingsCircle: 'buildings-circle',
  gapsBuildings: 'gaps-buildings',
  facilitiesCircle: 'facilities-circle',
  scenarioCircle: 'scenario-circle',
  proposalsCircle: 'proposals-circle',
  proposalsNumber: 'proposals-number',
  labelsDistrict: 'labels-district',
  labelsStreet: 'labels-street',
  labelsCommunity: 'labels-community',
  nearbyRouteCasing: 'nearby-route-casing',
  nearbyRoute: 'nearby-route',
  nearbyOrigin: 'nearby-origin',
  basemapCampus: 'basemap-campus',
  basemapGreen: 'basemap-green',
  basemapWater: 'basemap-water',
  basemapBuilding: 'basemap-building',
  basemapWaterway: 'basemap-waterway',
  basemapRoadCasing: 'basemap-road-casing',
  basemapRoad: 'basemap-road',
  basemapRail: 'basemap-rail',
  basemapRoadLabel: 'basemap-road-label',
  basemapWaterLabel: 'basemap-water-label',
  basemapPlaceLabel: 'basemap-place-label',
} as const;

/** What a layer toggle switches: each group is one checkbox. */
export const LAYER_GROUPS = ['basemap', 'districts', 'streets', 'communities', 'facilities', 'buildings', 'reach', 'gaps', 'labels'] as const;
export type LayerGroup = (typeof LAYER_GROUPS)[number];

/** Groups switched off until the user asks for them. */
export const HIDDEN_BY_DEFAULT: readonly LayerGroup[] = ['buildings'];

/** The map layers each toggle shows or hides. */
export const LAYER_GROUP_LAYERS: Readonly<Record<LayerGroup, readonly string[]>> = {
  basemap: [
    LAYER_IDS.basemapCampus, LAYER_IDS.basemapGreen, LAYER_IDS.basemapWater, LAYER_IDS.basemapBuilding, LAYER_IDS.basemapWaterway,
    LAYER_IDS.basemapRoadCasing, LAYER_IDS.basemapRoad, LAYER_IDS.basemapRail,
    LAYER_IDS.basemapRoadLabel, LAYER_IDS.basemapWaterLabel, LAYER_IDS.basemapPlaceLabel,
  ],
  districts: [LAYER_IDS.districtsCasing, LAYER_IDS.districtsLine],
  streets: [LAYER_IDS.streetsLine],
  communities: [LAYER_IDS.communitiesFill, LAYER_IDS.communitiesOutline, LAYER_IDS.communitiesHighlight],
  facilities: [LAYER_IDS.facilitiesCircle],
  buildings: [LAYER_IDS.buildingsCircle],
  reach: [LAYER_IDS.reachFill, LAYER_IDS.reachLine, LAYER_IDS.reachCircle, LAYER_IDS.reachScenario],
  gaps: [LAYER_IDS.gapsFill, LAYER_IDS.gapsOutline, LAYER_IDS.gapsBuildings],
  labels: [LAYER_IDS.labelsDistrict, LAYER_IDS.labelsStreet, LAYER_IDS.labelsCommunity],
};
