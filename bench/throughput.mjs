// Requests per second and client CPU per call, contenders in interleaved rounds. Each contender
// runs in a process of its own (bench/contender-child.mjs) and the server in another, so
// `process.cpuUsage()` over a turn is that client's CPU alone (all its threads: JS, GC helpers,
// undici's I/O), and no contender runs on ky or undici code that another one's calls trained.
import { startContender } from './contender-process.mjs';
import { workloads } from './contenders.mjs';
import { median } from './stats.mjs';

/**
 * Runs every workload: a warm-up per contender, then `rounds` rounds in which each contender sends
 * `requestsPerRound` calls, `concurrency` at a time, one contender at a time. The order rotates by
 * one each round, so no contender always runs first.
 *
 * @param {{ origin: string, rounds: number, requestsPerRound: number, warmupRequests: number,
 *   concurrency: number, log: (text: string) => void }} options
 * @returns {Promise<Array<{ title: string, contenders: string[],
 *   perRound: { rate: Record<string, number[]>, cpu: Record<string, number[]> },
 *   median: { rate: Record<string, number>, cpu: Record<string, number> } }>>}
 *   Calls per second and CPU µs per call, per round and their medians, per contender.
 */
export async function measureThroughput({
  origin,
  rounds,
  requestsPerRound,
  warmupRequests,
  concurrency,
  log,
}) {
  const results = [];
  for (const { id, title, contenders } of workloads) {
    const processes = {};
    try {
      for (const name of contenders) processes[name] = await startContender(id, name, origin);
      for (const name of contenders) await processes[name].run(warmupRequests, concurrency);
      const rates = Object.fromEntries(contenders.map((name) => [name, []]));
      const cpu = Object.fromEntries(contenders.map((name) => [name, []]));
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < contenders.length; i++) {
          const name = contenders[(round + i) % contenders.length];
          const run = await processes[name].run(requestsPerRound, concurrency);
          rates[name].push(run.perSecond);
          cpu[name].push(run.cpuMicrosPerCall);
        }
        log(`${title}: round ${round + 1}/${rounds}`);
      }
      results.push({
        title,
        contenders,
        perRound: { rate: rates, cpu },
        median: { rate: mapValues(rates, median), cpu: mapValues(cpu, median) },
      });
    } finally {
      for (const contender of Object.values(processes)) contender.stop();
    }
  }
  return results;
}

function mapValues(object, transform) {
  return Object.fromEntries(Object.entries(object).map(([name, value]) => [name, transform(value)]));
}
