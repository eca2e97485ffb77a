/**
 * How many times the expensive parts were built in this process: coverage engines (the demand
 * index), walking engines (noding and snapping), scenario delta sessions and accessibility engines (their demand points). Instrumentation for
 * tests and benches ("a scenario edit does not rebuild the baseline engine"); nothing reads it to
 * decide anything.
 */
export const buildCounts = { coverageEngines: 0, walkingEngines: 0, deltaSessions: 0, accessibilityEngines: 0 };
