import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs helper of bench/, without type declarations
import { medianRatio, medianRatioInterval } from '../../bench/stats.mjs';

// The benchmark's verdicts on ratio targets come with this interval: it must say "no doubt" when
// the rounds agree, widen when they scatter, and stay put between runs of the report.

/** Rounds of `base` with a fixed spread around it: ±`spread` as a repeating pattern. */
function rounds(count: number, base: number, spread: number, phase = 0): number[] {
  return Array.from({ length: count }, (_, i) => base * (1 + spread * Math.sin(i * 2.399 + phase)));
}

describe('medianRatioInterval', () => {
  it('is a single point when every round has the same ratio', () => {
    const b = rounds(30, 400, 0.1);
    const a = b.map((value) => value * 0.97);
    const { low, high } = medianRatioInterval(a, b);
    expect(low).toBeCloseTo(0.97, 12);
    expect(high).toBeCloseTo(0.97, 12);
  });

  it('holds the median of the ratios, and widens as the rounds scatter more', () => {
    const b = rounds(30, 400, 0.02);
    const calm = rounds(30, 400, 0.02, 1);
    const scattered = rounds(30, 400, 0.1, 1);
    const narrow = medianRatioInterval(calm, b);
    const wide = medianRatioInterval(scattered, b);
    for (const [a, interval] of [
      [calm, narrow],
      [scattered, wide],
    ] as const) {
      const middle = medianRatio(a, b);
      expect(interval.low).toBeLessThanOrEqual(middle);
      expect(interval.high).toBeGreaterThanOrEqual(middle);
    }
    expect(wide.high - wide.low).toBeGreaterThan(2 * (narrow.high - narrow.low));
  });

  it('narrows with more rounds of the same scatter', () => {
    const few = medianRatioInterval(rounds(10, 400, 0.08, 1), rounds(10, 400, 0.08, 2));
    const many = medianRatioInterval(rounds(90, 400, 0.08, 1), rounds(90, 400, 0.08, 2));
    expect(many.high - many.low).toBeLessThan(few.high - few.low);
  });

  it('gives the same interval for the same rounds (a fixed seed), so a report can be rebuilt', () => {
    const a = rounds(30, 400, 0.07, 1);
    const b = rounds(30, 400, 0.07, 2);
    expect(medianRatioInterval(a, b)).toEqual(medianRatioInterval(a, b));
  });

  it('takes the central share it is asked for: a 50% interval lies inside the 95% one', () => {
    const a = rounds(30, 400, 0.07, 1);
    const b = rounds(30, 400, 0.07, 2);
    const wide = medianRatioInterval(a, b);
    const half = medianRatioInterval(a, b, { level: 0.5 });
    expect(half.low).toBeGreaterThanOrEqual(wide.low);
    expect(half.high).toBeLessThanOrEqual(wide.high);
    expect(half.high - half.low).toBeLessThan(wide.high - wide.low);
  });
});
