import type { CatchmentPairs } from './model.ts';
import { checkAmounts, checkPairs } from './validate.ts';

/** Result of {@link floatingCatchment}. */
export interface FloatingCatchmentResult {
  /** Step 2, per demand location: A_i = Σ_j R_j · W_ij (supply per unit of demand). */
  accessibility: Float64Array;
  /** Step 1, per supply location: R_j = S_j / Σ_i P_i · W_ij; 0 when its catchment holds no demand. */
  supplyRatio: Float64Array;
  /** Per supply location: Σ_i P_i · W_ij. */
  catchmentDemand: Float64Array;
  /** Σ S_j over the supply locations with demand in their catchment (= Σ_i P_i · A_i). */
  supplyReached: number;
}

/**
 * The two steps of the floating catchment area method on given pairs (2SFCA, Luo & Wang 2003;
 * with distance-decay weights, E2SFCA, Luo & Qi 2009). The same weights enter both steps:
 *
 *   R_j = S_j / Σ_i P_i · W_ij        A_i = Σ_j R_j · W_ij
 *
 * Only pairs inside the catchment are listed (pairs not listed have W = 0). A supply location
 * whose catchment holds no demand has R_j = 0 and is not "reached". Because both steps use the
 * same W, Σ_i P_i · A_i = Σ_j S_j over the reached supply locations (the conservation identity).
 *
 * @param {ArrayLike<number>} demand P_i ≥ 0 per demand location
 * @param {ArrayLike<number>} supply S_j ≥ 0 per supply location
 * @param {CatchmentPairs} pairs demandIndex, supplyIndex and weight (> 0) of each pair in a catchment
 * @returns {FloatingCatchmentResult} accessibility per demand location, ratio and catchment demand per supply location
 * @example
 * // Two tracts, one clinic with 10 doctors reaching both:
 * floatingCatchment([100, 300], [10], { demandIndex: [0, 1], supplyIndex: [0, 0], weight: [1, 1] }).accessibility;
 * // Float64Array [0.025, 0.025]
 */
export function floatingCatchment(
  demand: ArrayLike<number>,
  supply: ArrayLike<number>,
  pairs: CatchmentPairs,
): FloatingCatchmentResult {
  // Input validation
  checkAmounts(demand, 'floatingCatchment', 'demand');
  checkAmounts(supply, 'floatingCatchment', 'supply');
  const n = checkPairs(pairs, demand.length, supply.length, 'floatingCatchment');

  const { demandIndex, supplyIndex, weight } = pairs;
  const catchmentDemand = new Float64Array(supply.length);
  for (let k = 0; k < n; k++) {
    const j = supplyIndex[k] as number;
    catchmentDemand[j] = (catchmentDemand[j] as number) + (demand[demandIndex[k] as number] as number) * (weight[k] as number);
  }
  const supplyRatio = new Float64Array(supply.length);
  let supplyReached = 0;
  for (let j = 0; j < supply.length; j++) {
    const d = catchmentDemand[j] as number;
    if (d > 0) {
      supplyRatio[j] = (supply[j] as number) / d;
      supplyReached += supply[j] as number;
    }
  }
  const accessibility = new Float64Array(demand.length);
  for (let k = 0; k < n; k++) {
    const i = demandIndex[k] as number;
    accessibility[i] = (accessibility[i] as number) + (supplyRatio[supplyIndex[k] as number] as number) * (weight[k] as number);
  }
  return { accessibility, supplyRatio, catchmentDemand, supplyReached };
}
