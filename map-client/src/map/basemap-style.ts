// A vector basemap (a MapLibre style from config) beneath our layers: its sources and layers go
// first (source ids prefixed so they never clash with ours), ours on top without our plain
// background. With its `glyphs` our labels would ask its server for our local font stack, so
// they take the basemap's own first font instead.
import type { LayerSpecification, SourceSpecification, StyleSpecification } from '@maplibre/maplibre-gl-style-spec';
import { LAYER_IDS } from './ids.ts';

export const BASEMAP_PREFIX = 'basemap:';

/** The first `text-font` a style's symbol layers name (a literal list), or null. */
export function firstTextFont(style: Pick<StyleSpecification, 'layers'>): string[] | null {
  for (const layer of style.layers) {
    if (layer.type !== 'symbol') continue;
    const font = layer.layout?.['text-font'];
    if (Array.isArray(font) && font.every((item) => typeof item === 'string')) return font as string[];
  }
  return null;
}

/**
 * Our style over a basemap style. Does not mutate either input.
 *
 * @example
 * new maplibregl.Map({ style: mergeBasemapStyle(await (await fetch(url)).json(), buildMapStyle(options)) });
 */
export function mergeBasemapStyle(basemap: StyleSpecification, ours: StyleSpecification): StyleSpecification {
  // Input validation
  if (basemap?.version !== 8 || !Array.isArray(basemap.layers)) throw new Error('mergeBasemapStyle: the basemap must be a MapLibre style (version 8)');

  const sources: Record<string, SourceSpecification> = {};
  for (const [id, source] of Object.entries(basemap.sources ?? {})) sources[`${BASEMAP_PREFIX}${id}`] = structuredClone(source);
  Object.assign(sources, structuredClone(ours.sources));

  const baseLayers = basemap.layers.map((layer) => {
    const copy = structuredClone(layer) as LayerSpecification & { source?: string; id: string };
    copy.id = `${BASEMAP_PREFIX}${layer.id}`;
    if (typeof copy.source === 'string') copy.source = `${BASEMAP_PREFIX}${copy.source}`;
    return copy as LayerSpecification;
  });
  const font = basemap.glyphs ? firstTextFont(basemap) : null;
  const ourLayers = ours.layers
    .filter((layer) => layer.id !== LAYER_IDS.background)
    .map((layer) => {
      const copy = structuredClone(layer);
      if (font && copy.type === 'symbol' && copy.layout) copy.layout['text-font'] = font;
      return copy;
    });

  return {
    ...structuredClone(ours),
    ...(basemap.glyphs ? { glyphs: basemap.glyphs } : {}),
    ...(basemap.sprite ? { sprite: structuredClone(basemap.sprite) } : {}),
    sources,
    layers: [...baseLayers, ...ourLayers],
  };
}
