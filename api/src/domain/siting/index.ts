/**
 * Siting: where to build next, with a proven bound on how far the answer can be from the best.
 * Pure code (no I/O besides HiGHS's worker thread for exact solves). Import from here.
 */
export { solve } from './solve.ts';
export { siteDemand, type SiteDemand } from './order.ts';
export { coverageProblem, type DemandPoint, type SitePoint } from './coverage-problem.ts';
export { capacityRows, coordinateRows, matrixProblem, siteIndices } from './matrix-problem.ts';
export { minSpacingConflicts, spacedFromExisting } from './min-spacing.ts';
export { featureCandidates, gridCandidates } from './candidates.ts';
export { SitingAbortError, SitingInputError } from './errors.ts';
export type { SitingModel, SitingOptions, SitingProblem, SitingSolution } from './model.ts';
