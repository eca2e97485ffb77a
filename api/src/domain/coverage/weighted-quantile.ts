/**
 * Weighted (lower) quantile: the smallest value v such that the items with value ≤ v carry at
 * least q of the total weight. Items with weight 0 are ignored. Infinity values are allowed
 * (they sort last). Returns null when there is no weight.
 *
 * @param {ArrayLike<number>} values the values
 * @param {ArrayLike<number>} weights non-negative weights, same length
 * @param {number} q quantile in [0, 1] (0.5 = median)
 * @returns {number|null} the quantile
 * @example
 * weightedQuantile([100, 400, 900], [1, 1, 2], 0.5); // 400
 */
export function weightedQuantile(values: ArrayLike<number>, weights: ArrayLike<number>, q: number): number | null {
  // Input validation
  if (values.length !== weights.length) throw new Error(`weightedQuantile: values and weights differ in length (${values.length} vs ${weights.length})`);
  if (!(q >= 0 && q <= 1)) throw new Error(`weightedQuantile: q must be in [0, 1], got ${q}`);

  const order: number[] = [];
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights[i] as number;
    if (!(w >= 0) || Number.isNaN(values[i] as number)) throw new Error(`weightedQuantile: item ${i} has weight ${w} and value ${values[i]}`);
    if (w > 0) {
      order.push(i);
      total += w;
    }
  }
  if (order.length === 0) return null;
  order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  const target = q * total;
  let cumulative = 0;
  for (const i of order) {
    cumulative += weights[i] as number;
    // A relative tolerance keeps exact fractions (e.g. 0.5 of 4) from missing by rounding.
    if (cumulative >= target * (1 - 1e-12)) return values[i] as number;
  }
  return values[order[order.length - 1] as number] as number;
}
