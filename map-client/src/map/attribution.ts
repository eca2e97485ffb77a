// Data credits shown by MapLibre's AttributionControl (read from each source's `attribution`).
// These are constants, never API data: MapLibre renders attribution strings as HTML.

export type DatasetId = 'demo' | 'osm';

export const DATASET_ATTRIBUTIONS: Readonly<Record<DatasetId, string>> = {
  demo: 'lifecircle 演示数据 · demo data (synthetic)',
  // For the real-data area (shared/real-data, ODbL): attach to the sources that show it.
  osm: '© <a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">OpenStreetMap</a> contributors (ODbL)',
};

/** The attribution for the datasets a source shows, joined; unknown ids are ignored. */
export function attributionFor(datasets: readonly DatasetId[]): string {
  return [...new Set(datasets)].map((id) => DATASET_ATTRIBUTIONS[id]).filter(Boolean).join(' · ');
}

/**
 * Which credits the loaded data needs, from the API landing page's `attribution` (the server's
 * free text is never rendered: it only selects one of the constants above).
 */
export function datasetsFor(landing: { attribution?: unknown } | null): DatasetId[] {
  const text = typeof landing?.attribution === 'string' ? landing.attribution : '';
  return /openstreetmap/i.test(text) ? ['osm'] : ['demo'];
}
