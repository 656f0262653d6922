// Requests per second and client CPU per call, contenders in interleaved rounds. Each contender
// runs in a process of its own (bench/contender-child.mjs) and the server in another, so
// `process.cpuUsage()` over a turn is that client's CPU alone (all its threads: JS, GC helpers,
// undici's I/O), and no contender runs on ky or undici code that another one's calls trained.
import { startContender } from './contender-process.mjs';
import { workloads } from './contenders.mjs';
import { median } from './stats.mjs';

/**
 * Runs every workload: a warm-up per contender, then `rounds` interleaved rounds (see
 * {@link runRounds}).
 *
 * @param {{ origin: string, rounds: number, requestsPerRound: number, warmupRequests: number,
 *   concurrency: number, log: (text: string) => void }} options
 * @returns {Promise<Array<{ title: string, contenders: string[],
 *   perRound: { rate: Record<string, number[]>, cpu: Record<string, number[]> },
 *   median: { rate: Record<string, number>, cpu: Record<string, number> } }>>}
 *   Calls per second and CPU µs per call, per round and their medians, per contender.
 */
export async function measureThroughput(options) {
  const results = [];
  for (const { id, title, contenders } of workloads) {
    const { rate, cpu } = await runRounds({
      ...options,
      workload: id,
      title,
      contenders: contenders.map((name) => ({ name, contender: name })),
    });
    results.push({
      title,
      contenders,
      perRound: { rate, cpu },
      median: { rate: mapValues(rate, median), cpu: mapValues(cpu, median) },
    });
  }
  return results;
}

/**
 * One workload's interleaved rounds: each contender in a process of its own, warmed up, then
 * `rounds` rounds in which each sends `requestsPerRound` calls, `concurrency` at a time, one
 * contender at a time. The order rotates by one each round, so no contender always runs first.
 * Shared with bench/compare-builds.mjs, whose contenders include two keygate builds.
 *
 * @param {{ workload: 'get' | 'post', title: string,
 *   contenders: Array<{ name: string, contender: string, dist?: string }>, origin: string,
 *   rounds: number, requestsPerRound: number, warmupRequests: number, concurrency: number,
 *   log: (text: string) => void }} options `name` labels a contender's figures; `dist` is the
 *   keygate build of a `keygate` contender (default: the one under test).
 * @returns {Promise<{ rate: Record<string, number[]>, cpu: Record<string, number[]> }>} Calls per
 *   second and CPU µs per call, per round, by name.
 */
export async function runRounds({
  workload,
  title,
  contenders,
  origin,
  rounds,
  requestsPerRound,
  warmupRequests,
  concurrency,
  log,
}) {
  const names = contenders.map(({ name }) => name);
  const processes = {};
  try {
    for (const { name, contender, dist } of contenders) {
      processes[name] = await startContender(workload, contender, origin, dist);
    }
    for (const name of names) await processes[name].run(warmupRequests, concurrency);
    const rate = Object.fromEntries(names.map((name) => [name, []]));
    const cpu = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(round + i) % names.length];
        const run = await processes[name].run(requestsPerRound, concurrency);
        rate[name].push(run.perSecond);
        cpu[name].push(run.cpuMicrosPerCall);
      }
      log(`${title}: round ${round + 1}/${rounds}`);
    }
    return { rate, cpu };
  } finally {
    for (const contender of Object.values(processes)) contender.stop();
  }
}

function mapValues(object, transform) {
  return Object.fromEntries(Object.entries(object).map(([name, value]) => [name, transform(value)]));
}
