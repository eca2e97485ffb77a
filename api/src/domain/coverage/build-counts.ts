/**
 * How many times the expensive parts were built in this process: coverage engines (the demand
 * index), walking engines (noding and snapping), scenario delta sessions, accessibility engines (their demand points)
 * in-memory tile indexes (geojson-vt over a collection, api/src/services/tiles.ts) and scenario overlays
 * resolved (the rows a scenario version's changes touch, api/src/services/scenarios.ts). Instrumentation for
 * tests and benches ("a scenario edit does not rebuild the baseline engine"); nothing reads it to
 * decide anything.
 */
export const buildCounts = { coverageEngines: 0, walkingEngines: 0, deltaSessions: 0, accessibilityEngines: 0, tileIndexes: 0, overlayResolves: 0 };
