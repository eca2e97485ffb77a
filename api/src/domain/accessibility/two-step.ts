import { resultHeader, type Computation } from './computation.ts';
import { floatingCatchment } from './floating-catchment.ts';
import { STEP_ZONES, type CommunityAccessibility, type FacilityAccessibility, type TwoStepOptions, type TwoStepResult } from './model.ts';
import { validateZones } from './validate.ts';

/**
 * 2SFCA (step weights) or E2SFCA (decay zones) on a prepared computation: per community,
 * supply_reachable = Σ over its points of demand × A (the accessibility of the point) and
 * ratio = supply_reachable / demand; per facility, its catchment demand and supply ratio.
 * @param {Computation} run the prepared computation
 * @param {TwoStepOptions} o the options it was prepared from (zones are checked here)
 * @param {string} fn the public name, for error messages
 * @returns {TwoStepResult} the result
 * @private
 */
export function twoStepOn(run: Computation, o: TwoStepOptions, fn: string): TwoStepResult {
  const { codes, points, active, withoutSupply, communityDemand, pointDemand, stats } = run;
  const zones = validateZones(o.zones ?? STEP_ZONES, fn);
  const pairs = run.findPairs(points.index, active, zones, stats);
  const supply = Float64Array.from(active, (f) => f.supply);
  const k = floatingCatchment(pointDemand, supply, pairs);

  const reachable = new Float64Array(codes.length);
  for (let p = 0; p < pointDemand.length; p++) {
    const c = points.community[p] as number;
    reachable[c] = (reachable[c] as number) + (pointDemand[p] as number) * (k.accessibility[p] as number);
  }
  const perCommunity: CommunityAccessibility[] = [];
  let totalDemand = 0;
  for (let c = 0; c < codes.length; c++) {
    const d = communityDemand[c] as number;
    const s = reachable[c] as number;
    totalDemand += d;
    perCommunity.push({ code: codes[c] as string, demand: d, supply_reachable: s, ratio: d > 0 ? s / d : null });
  }
  const perFacility: FacilityAccessibility[] = active.map((f, j) => {
    const d = k.catchmentDemand[j] as number;
    return { code: f.code, type: f.type, supply: f.supply, catchment_demand: d, supply_ratio: d > 0 ? (k.supplyRatio[j] as number) : null };
  });
  return {
    ...resultHeader(o, run.mode),
    zones,
    perCommunity,
    perFacility,
    totals: {
      supply: supply.reduce((a, b) => a + b, 0),
      supply_reached: k.supplyReached,
      demand: totalDemand,
      ratio: totalDemand > 0 ? k.supplyReached / totalDemand : null,
      facilities: active.length,
      facilities_reached: perFacility.filter((f) => f.supply_ratio !== null).length,
      facilities_without_supply: withoutSupply,
    },
    fallbackCommunities: [...run.fallbackCommunities],
    stats,
  };
}
