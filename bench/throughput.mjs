// Requests per second and client CPU per call, contenders in interleaved rounds. The server runs in
// its own process, so `process.cpuUsage()` over a round is the client's CPU alone (all its threads:
// JS, GC helpers, undici's I/O).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCall, workloads } from './contenders.mjs';
import { median } from './stats.mjs';

// A full collection before each contender's round, outside the measurement, so no contender
// starts with (or is billed for) the garbage of the one before. `npm run bench` starts node
// without --expose-gc; setting the flag at run time and reading `gc` from a new context
// is the usual way round that.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc');

/**
 * Runs every workload: a warm-up per contender, then `rounds` rounds in which each contender sends
 * `requestsPerRound` calls, `concurrency` at a time. The order rotates by one each round, so no
 * contender always runs first or always follows the same neighbour.
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
    const calls = {};
    for (const name of contenders) calls[name] = await createCall(id, name, origin);
    for (const name of contenders) await drive(calls[name], warmupRequests, concurrency);
    const rates = Object.fromEntries(contenders.map((name) => [name, []]));
    const cpu = Object.fromEntries(contenders.map((name) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < contenders.length; i++) {
        const name = contenders[(round + i) % contenders.length];
        collectGarbage();
        const run = await drive(calls[name], requestsPerRound, concurrency);
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
  }
  return results;
}

/** Sends `count` calls, `concurrency` at a time; returns calls per second and CPU µs per call. */
async function drive(call, count, concurrency) {
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await call();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return { perSecond: count / seconds, cpuMicrosPerCall: (cpu.user + cpu.system) / count };
}

function mapValues(object, transform) {
  return Object.fromEntries(Object.entries(object).map(([name, value]) => [name, transform(value)]));
}
