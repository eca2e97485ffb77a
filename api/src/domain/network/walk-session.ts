import type { ActiveFacility } from '../coverage/active-facilities.ts';
import { createCoverageState, resultOf, sumCovered, type CoverageState } from '../coverage/coverage-state.ts';
import type { DemandPoints } from '../coverage/demand-points.ts';
import type { CoverageResult, RulePart, ScenarioFacility } from '../coverage/model.ts';
import type { CoverageChange, CoverageSession } from '../coverage/session.ts';
import { validateCode, validateScenarioFacility } from '../coverage/validate.ts';
import type { EdgeSnap, WalkingReport } from './model.ts';
import type { SnappedPoints } from './snapped-points.ts';
import { createWalkField, type WalkField } from './walk-field.ts';
import type { WalkingNetwork } from './walking-network.ts';

/** What a walking session needs from its engine. @private */
export interface WalkSessionContext {
  walking: WalkingNetwork;
  demand: DemandPoints;
  points: SnappedPoints;
  snapFacility(lon: number, lat: number): EdgeSnap | null;
  /** What the walk could not reach, for the counted facilities. */
  report(facilities: readonly ActiveFacility[]): WalkingReport;
}

/**
 * A walking what-if on one rule and date, with the same contract as the straight-line session:
 * one walking field per rule type; adding a facility runs a Dijkstra from it bounded by the reach
 * that only lowers distances; removing one recomputes only the nodes it was nearest to.
 *
 * @private
 */
export function createWalkSession(
  ctx: WalkSessionContext,
  start: readonly ActiveFacility[],
  reachByType: ReadonlyMap<string, number>,
  rule: readonly RulePart[],
  asOf: string,
  includePlanned: boolean,
  buildingCount: number | undefined,
): CoverageSession & { state: CoverageState; result(): CoverageResult & { walk: WalkingReport } } {
  const fn = 'CoverageSession';
  const { demand, points } = ctx;
  const state = createCoverageState(demand);
  const fields = new Map<string, { field: WalkField; covered: Uint8Array }>();
  for (const [type, reachM] of reachByType) {
    const field = createWalkField(ctx.walking, points, reachM);
    field.add(start.filter((f) => f.type === type).map((f) => ({ code: f.code, snap: ctx.snapFacility(f.lon, f.lat) })));
    const covered = new Uint8Array(points.count);
    for (let i = 0; i < points.count; i++) {
      if ((field.pointM[i] as number) <= reachM) {
        covered[i] = 1;
        state.counts[i] = (state.counts[i] as number) + 1;
      }
    }
    fields.set(type, { field, covered });
  }
  sumCovered(demand, state);
  const current = new Map<string, { facility: ActiveFacility; slot: number }>();
  const slotCounter = new Map<string, number>();
  for (const f of start) {
    const slot = slotCounter.get(f.type) ?? 0;
    slotCounter.set(f.type, slot + 1);
    current.set(f.code, { facility: { ...f }, slot });
  }

  /** Applies a field's changed points to the cover counts; returns changed communities. */
  const apply = (type: string, changedPoints: readonly number[], touched: Set<number>): void => {
    const { field, covered } = fields.get(type)!;
    for (const i of changedPoints) {
      const now = (field.pointM[i] as number) <= field.reachM ? 1 : 0;
      const before = covered[i] as number;
      if (now === before) continue;
      covered[i] = now;
      const was = state.counts[i] as number;
      state.counts[i] = was + now - before;
      if (was !== 0 && state.counts[i] !== 0) continue;
      const c = demand.community[i] as number;
      const delta = now - before;
      touched.add(c);
      if ((demand.building[i] as number) >= 0) {
        state.coveredHouseholds[c] = (state.coveredHouseholds[c] as number) + delta * (demand.weight[i] as number);
        state.coveredBuildings[c] = (state.coveredBuildings[c] as number) + delta;
      } else {
        state.coveredGridPoints[c] = (state.coveredGridPoints[c] as number) + delta;
      }
    }
  };
  const change = (facilityCode: string, touched: Set<number>): CoverageChange => ({
    facilityCode,
    communitiesChanged: [...touched].sort((a, b) => a - b).map((c) => demand.communities.codes[c] as string),
  });
  const counted = (code: string, method: string) => {
    validateCode(code, `${fn}.${method}`, 'code');
    const entry = current.get(code);
    if (!entry) throw new Error(`Invalid input to ${fn}.${method}: no counted facility has code ${JSON.stringify(code)}`);
    return entry;
  };
  const addToField = (f: ActiveFacility, touched: Set<number>): number => {
    const { field } = fields.get(f.type)!;
    const slot = field.slots.length;
    apply(f.type, field.add([{ code: f.code, snap: ctx.snapFacility(f.lon, f.lat) }]), touched);
    return slot;
  };

  return {
    state,
    addFacility(facility: ScenarioFacility) {
      // Input validation
      validateScenarioFacility(facility, `${fn}.addFacility`, 'facility');
      const reachMeters = reachByType.get(facility.type);
      if (reachMeters === undefined) {
        throw new Error(`Invalid input to ${fn}.addFacility: type ${JSON.stringify(facility.type)} is not in the rule (${[...reachByType.keys()].join(', ')})`);
      }
      if (current.has(facility.code)) throw new Error(`Invalid input to ${fn}.addFacility: code ${JSON.stringify(facility.code)} is already counted`);

      const f: ActiveFacility = { code: facility.code, type: facility.type, lon: facility.lon, lat: facility.lat, reachMeters };
      const touched = new Set<number>();
      current.set(f.code, { facility: f, slot: addToField(f, touched) });
      return change(f.code, touched);
    },
    removeFacility(code) {
      const { facility, slot } = counted(code, 'removeFacility');
      current.delete(code);
      const touched = new Set<number>();
      apply(facility.type, fields.get(facility.type)!.field.remove(slot), touched);
      return change(code, touched);
    },
    moveFacility(code, lon, lat) {
      const { facility, slot } = counted(code, 'moveFacility');
      validateScenarioFacility({ code, type: facility.type, lon, lat }, `${fn}.moveFacility`, 'position');
      const households = state.coveredHouseholds.slice();
      const buildings = state.coveredBuildings.slice();
      const grid = state.coveredGridPoints.slice();
      const touched = new Set<number>();
      apply(facility.type, fields.get(facility.type)!.field.remove(slot), touched);
      const moved = { ...facility, lon, lat };
      current.set(code, { facility: moved, slot: addToField(moved, touched) });
      const changed = new Set<number>();
      for (const c of touched) {
        if (households[c] !== state.coveredHouseholds[c] || buildings[c] !== state.coveredBuildings[c] || grid[c] !== state.coveredGridPoints[c]) changed.add(c);
      }
      return change(code, changed);
    },
    facilities() {
      return [...current.values()].map(({ facility: f }) => ({ code: f.code, type: f.type, lon: f.lon, lat: f.lat }));
    },
    result() {
      const counted = [...current.values()].map((entry) => entry.facility);
      return { ...resultOf(demand, state, rule, asOf, includePlanned, buildingCount), walk: ctx.report(counted) };
    },
  };
}
