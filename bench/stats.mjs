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

/**
 * How far the median of per-round ratios `a[i] / b[i]` could move by chance: a paired bootstrap
 * over the rounds (rounds drawn with replacement, each keeping its own pair), giving the central
 * `level` share of the resampled medians. A target whose interval includes its threshold is not
 * told apart from it by this run; the interval covers round-to-round noise only, not what stays
 * fixed for a whole run (the machine, each contender's one process).
 *
 * The draws come from a fixed seed, so the same rounds always give the same interval.
 *
 * @param {number[]} a
 * @param {number[]} b
 * @param {{ level?: number, resamples?: number }} [options] Defaults: 0.95 and 4,000.
 * @returns {{ low: number, high: number }}
 */
export function medianRatioInterval(a, b, { level = 0.95, resamples = 4_000 } = {}) {
  const ratios = a.map((value, i) => value / b[i]);
  const random = seededRandom(0x6b657967); // "keyg"
  const medians = new Float64Array(resamples);
  const draw = new Array(ratios.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < ratios.length; i++) draw[i] = ratios[Math.floor(random() * ratios.length)];
    medians[r] = median(draw);
  }
  medians.sort();
  const tail = (1 - level) / 2;
  const at = (share) => medians[Math.min(resamples - 1, Math.max(0, Math.round(share * (resamples - 1))))];
  return { low: at(tail), high: at(1 - tail) };
}

/**
 * The interval of {@link medianRatioInterval} for two contenders of a result.
 *
 * @returns {{ low: number, high: number }}
 */
export function compareInterval(result, metric, a, b) {
  return medianRatioInterval(result.perRound[metric][a], result.perRound[metric][b]);
}

// mulberry32: a small, fast generator of uniform numbers in [0, 1); plenty for resampling.
function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
