// Memory with many calls in flight: the server holds each answer, a contender fires all calls at
// once, and its peak RSS is measured in a child process of its own (bench/in-flight-child.mjs).
import { runChild } from './child.mjs';
import { kyDefaults, kyLean, workloads } from './contenders.mjs';
import { median } from './stats.mjs';

/** The in-flight contenders, in report order. */
export const inFlightContenders = ['fetch', kyDefaults, kyLean, 'keygate'];
const metrics = ['baselineMiB', 'peakMiB', 'overBaselineMiB', 'seconds'];

/**
 * Runs `rounds` interleaved rounds (order rotating by one each round) of every workload.
 *
 * @param {{ origin: string, rounds: number, calls: number, delayMs: number,
 *   log: (text: string) => void }} options
 * @returns {Array<{ title: string, contenders: string[], errors: Record<string, string>,
 *   perRound: Record<string, Record<string, number[]>>, median: Record<string, Record<string, number>> }>}
 *   Per metric (baselineMiB, peakMiB, overBaselineMiB, seconds) and contender; a contender that
 *   failed in any round has an entry in `errors` instead.
 */
export function measureInFlight({ origin, rounds, calls, delayMs, log }) {
  const contenders = inFlightContenders;
  return workloads.map(({ id, title }) => {
    const perRound = Object.fromEntries(
      metrics.map((metric) => [metric, Object.fromEntries(contenders.map((name) => [name, []]))]),
    );
    const errors = {};
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < contenders.length; i++) {
        const name = contenders[(round + i) % contenders.length];
        const run = runChild('in-flight-child.mjs', [id, name, origin, String(calls), String(delayMs)], {
          nodeFlags: ['--expose-gc'],
        });
        if (run.error) errors[name] ??= run.error;
        run.overBaselineMiB = run.peakMiB - run.baselineMiB;
        for (const metric of metrics) perRound[metric][name].push(run[metric]);
      }
      log(`${calls} in flight, ${title}: round ${round + 1}/${rounds}`);
    }
    const medians = Object.fromEntries(
      metrics.map((metric) => [
        metric,
        Object.fromEntries(
          contenders.filter((name) => !errors[name]).map((name) => [name, median(perRound[metric][name])]),
        ),
      ]),
    );
    return { title, contenders, errors, perRound, median: medians };
  });
}
