// A plan's dates as the panels use them: its horizon (the last day of its period) is the date a
// plan is judged on, so the date inputs default to it when a plan is chosen.
import type { PlanSummary } from '../api/endpoints.ts';

/** The plan's end date (`2005-12-31` for 2001–2005). */
export function planHorizon(plan: Pick<PlanSummary, 'period'>): string {
  return `${String(plan.period.to).padStart(4, '0')}-12-31`;
}
