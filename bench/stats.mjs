// The statistics every part of the benchmark reports.

/**
 * @param {number[]} values
 * @returns {number} The median (the mean of the middle two for an even count).
 */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The median of per-round ratios `a[i] / b[i]`: both were measured in the same round, so drift
 * of the machine between rounds cancels out.
 *
 * @param {number[]} a
 * @param {number[]} b
 * @returns {number}
 */
export function medianRatio(a, b) {
  return median(a.map((value, i) => value / b[i]));
}

/**
 * Contender `a` against contender `b` in a result that keeps its rounds as
 * `perRound[metric][contender]`: the median of their per-round ratios.
 *
 * @returns {number}
 */
export function compare(result, metric, a, b) {
  return medianRatio(result.perRound[metric][a], result.perRound[metric][b]);
}
