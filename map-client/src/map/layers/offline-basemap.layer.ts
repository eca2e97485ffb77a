// The offline basemap (#17): vector tiles of the loaded city's own streets, railways, water,
// green space, campuses, building footprints and place names (GET /api/tiles/basemap/…), drawn
// in two parts so the thematic colours stay readable:
// - green space and campuses beneath the community fill (they show where no community is);
// - water, footprints, waterways, streets (with casings) and railways above the community fill
//   and below boundaries and facilities (a river is never anyone's home); names (streets along their lines, water, places) with the labels.
// Names follow the UI language: name_en in English when the data has one, else the name.
import type { ExpressionSpecification, LayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { Lang } from '../../i18n.ts';
import { LAYER_IDS, SOURCE_IDS } from '../ids.ts';
import { LABEL_FONT } from './labels.layer.ts';

/** Basemap colours (quiet greys and blues so the thematic scale reads on top). */
export const BASEMAP_COLORS = {
  water: '#A9CBE8',
  waterLine: '#7FB0DB',
  waterLabel: '#2F6690',
  green: '#CFE5C3',
  campus: '#EDE6D6',
  building: '#C9C3BA',
  buildingLine: '#ADA59A',
  roadCasing: '#9AA1AA',
  roadMajor: '#FFFFFF',
  roadMinor: '#FFFFFF',
  path: '#A3A9B0',
  rail: '#6E747C',
  roadLabel: '#3B424B',
  placeLabel: '#5B4B3A',
  labelHalo: '#FFFFFF',
} as const;

const SOURCE = SOURCE_IDS.offlineBasemap;
const MAJOR = ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'motorway_link', 'trunk_link', 'primary_link', 'secondary_link', 'tertiary_link'];
const PATHS = ['footway', 'path', 'pedestrian', 'steps', 'cycleway', 'track', 'bridleway', 'corridor'];
const CLASS: ExpressionSpecification = ['get', 'class'];
const IS_MAJOR: ExpressionSpecification = ['in', CLASS, ['literal', MAJOR]];
const IS_PATH: ExpressionSpecification = ['in', CLASS, ['literal', PATHS]];

/** The label text in the language: name_en in English when there is one, else the name. */
export function basemapNameExpression(lang: Lang): ExpressionSpecification {
  if (lang === 'zh-CN') return ['get', 'name'];
  return ['case', ['!=', ['coalesce', ['get', 'name_en'], ''], ''], ['get', 'name_en'], ['get', 'name']];
}

/** Road width in pixels by class and zoom (major > minor > path). */
function roadWidth(extra = 0): ExpressionSpecification {
  const by = (major: number, minor: number, path: number): ExpressionSpecification => ['case', IS_MAJOR, major + extra, IS_PATH, path + extra, minor + extra];
  return ['interpolate', ['exponential', 1.6], ['zoom'], 11, by(1.2, 0.4, 0), 14, by(4, 2, 0.8), 17, by(14, 8, 2.5)];
}

export interface OfflineBasemapOptions {
  visible?: boolean;
  lang?: Lang;
}

/** Green space and campuses, beneath the community fill. */
export function offlineBasemapAreaLayers(options: OfflineBasemapOptions = {}): LayerSpecification[] {
  const visibility = options.visible === false ? 'none' : 'visible';
  return [
    { id: LAYER_IDS.basemapCampus, type: 'fill', source: SOURCE, 'source-layer': 'campus', layout: { visibility }, paint: { 'fill-color': BASEMAP_COLORS.campus } },
    { id: LAYER_IDS.basemapGreen, type: 'fill', source: SOURCE, 'source-layer': 'green', layout: { visibility }, paint: { 'fill-color': BASEMAP_COLORS.green } },
  ];
}

/** Water, footprints, waterways, streets and railways, above the community fill. */
export function offlineBasemapLineLayers(options: OfflineBasemapOptions = {}): LayerSpecification[] {
  const visibility = options.visible === false ? 'none' : 'visible';
  return [
    { id: LAYER_IDS.basemapWater, type: 'fill', source: SOURCE, 'source-layer': 'water', layout: { visibility }, paint: { 'fill-color': BASEMAP_COLORS.water, 'fill-outline-color': BASEMAP_COLORS.waterLine } },
    {
      id: LAYER_IDS.basemapBuilding, type: 'fill', source: SOURCE, 'source-layer': 'building', minzoom: 14,
      layout: { visibility },
      paint: { 'fill-color': BASEMAP_COLORS.building, 'fill-outline-color': BASEMAP_COLORS.buildingLine, 'fill-opacity': ['interpolate', ['linear'], ['zoom'], 14, 0.35, 16, 0.7] },
    },
    {
      id: LAYER_IDS.basemapWaterway, type: 'line', source: SOURCE, 'source-layer': 'waterway',
      layout: { visibility, 'line-cap': 'round' },
      paint: { 'line-color': BASEMAP_COLORS.waterLine, 'line-width': ['interpolate', ['linear'], ['zoom'], 11, 1, 16, 4] },
    },
    {
      id: LAYER_IDS.basemapRoadCasing, type: 'line', source: SOURCE, 'source-layer': 'road', minzoom: 12,
      filter: ['!', IS_PATH],
      layout: { visibility, 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': BASEMAP_COLORS.roadCasing, 'line-width': roadWidth(1.5), 'line-opacity': 0.8 },
    },
    {
      id: LAYER_IDS.basemapRoad, type: 'line', source: SOURCE, 'source-layer': 'road',
      layout: { visibility, 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': ['case', IS_PATH, BASEMAP_COLORS.path, IS_MAJOR, BASEMAP_COLORS.roadMajor, BASEMAP_COLORS.roadMinor],
        'line-width': roadWidth(),
        'line-opacity': ['interpolate', ['linear'], ['zoom'], 10, 0.6, 13, 0.95],
      },
    },
    {
      id: LAYER_IDS.basemapRail, type: 'line', source: SOURCE, 'source-layer': 'rail',
      layout: { visibility },
      paint: { 'line-color': BASEMAP_COLORS.rail, 'line-width': ['interpolate', ['linear'], ['zoom'], 10, 1, 16, 3], 'line-dasharray': ['literal', [3, 2]] },
    },
  ];
}

/** Street names along their lines, water and place names (drawn with the other labels). */
export function offlineBasemapLabelLayers(options: OfflineBasemapOptions = {}): LayerSpecification[] {
  const visibility = options.visible === false ? 'none' : 'visible';
  const name = basemapNameExpression(options.lang ?? 'zh-CN');
  const halo = { 'text-halo-color': BASEMAP_COLORS.labelHalo, 'text-halo-width': 1.4 } as const;
  return [
    {
      id: LAYER_IDS.basemapRoadLabel, type: 'symbol', source: SOURCE, 'source-layer': 'road', minzoom: 14,
      filter: ['all', ['!=', ['get', 'name'], ''], ['!', IS_PATH]],
      layout: { visibility, 'symbol-placement': 'line', 'text-field': name, 'text-font': LABEL_FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 14, 10, 17, 13], 'symbol-spacing': 300, 'text-max-angle': 30 },
      paint: { 'text-color': BASEMAP_COLORS.roadLabel, ...halo },
    },
    {
      id: LAYER_IDS.basemapWaterLabel, type: 'symbol', source: SOURCE, 'source-layer': 'waterway', minzoom: 12,
      filter: ['!=', ['get', 'name'], ''],
      layout: { visibility, 'symbol-placement': 'line', 'text-field': name, 'text-font': LABEL_FONT, 'text-size': 12, 'symbol-spacing': 400, 'text-letter-spacing': 0.2 },
      paint: { 'text-color': BASEMAP_COLORS.waterLabel, ...halo },
    },
    {
      id: LAYER_IDS.basemapPlaceLabel, type: 'symbol', source: SOURCE, 'source-layer': 'place', minzoom: 13,
      filter: ['all', ['!=', ['get', 'name'], ''], ['!=', CLASS, 'residential']],
      layout: { visibility, 'text-field': name, 'text-font': LABEL_FONT, 'text-size': ['interpolate', ['linear'], ['zoom'], 13, 10, 17, 13], 'text-max-width': 7, 'text-padding': 6 },
      paint: { 'text-color': ['match', CLASS, 'water', BASEMAP_COLORS.waterLabel, BASEMAP_COLORS.placeLabel], ...halo },
    },
  ];
}

/** Every basemap label layer (the language switch rewrites their text-field). */
export const OFFLINE_BASEMAP_LABEL_LAYERS = [LAYER_IDS.basemapRoadLabel, LAYER_IDS.basemapWaterLabel, LAYER_IDS.basemapPlaceLabel] as const;
