// Two keygate builds side by side: did a change make a call cheaper? The builds run as two
// contenders of the same interleaved rounds, beside bare ky and ky the way keygate drives it, so
// drift of the machine hits all alike; what counts is the median of B's per-round ratio to A.
//
//   node bench/compare-builds.mjs <build A> <build B>
//
// A build is a directory like dist/ that resolves `ky` and `valibot` the way a package does (a
// copy under node_modules/ does: `cp -r dist node_modules/.dist-before`). BENCH_ROUNDS (default
// 30: a change of a few percent needs that many on a shared machine), BENCH_REQUESTS and
// BENCH_WARMUP set the size, as for `npm run bench`. Prints numbers only; it has no target.
import { kyDefaults, kyLean, workloads } from './contenders.mjs';
import { startServer } from './server-process.mjs';
import { settings } from './settings.mjs';
import { median, medianRatio } from './stats.mjs';
import { runRounds } from './throughput.mjs';

const [buildA, buildB] = process.argv.slice(2);
if (buildA === undefined || buildB === undefined) {
  process.stderr.write('usage: node bench/compare-builds.mjs <build A> <build B>\n');
  process.exit(2);
}
const { rounds, requestsPerRound, warmupRequests, concurrency } = settings;
const builds = { A: buildA, B: buildB };
// Each in a process of its own (see runRounds): A must not run on ky and undici code that B's
// calls trained.
const contenders = [
  { name: kyDefaults, contender: kyDefaults },
  { name: kyLean, contender: kyLean },
  { name: 'A', contender: 'keygate', dist: buildA },
  { name: 'B', contender: 'keygate', dist: buildB },
];

const server = await startServer();
try {
  for (const { id, title } of workloads) {
    const perRound = await runRounds({
      workload: id,
      title,
      contenders,
      origin: server.origin,
      rounds,
      requestsPerRound,
      warmupRequests,
      concurrency,
      log: (text) => process.stderr.write(`${text}\n`),
    });
    const ratio = (metric, name, of) => medianRatio(perRound[metric][name], perRound[metric][of]).toFixed(3);
    process.stdout.write(`\n${title}, ${rounds} rounds of ${requestsPerRound} calls\n`);
    for (const { name } of contenders) {
      const cpu = median(perRound.cpu[name]).toFixed(1);
      const label = builds[name] === undefined ? name : `${name}: ${builds[name]}`;
      process.stdout.write(
        `  ${label.padEnd(40)} ${cpu.padStart(7)} µs CPU per call, ${ratio('cpu', name, kyDefaults)}× bare ky's, ` +
          `${ratio('rate', name, kyDefaults)}× its requests/s\n`,
      );
    }
    process.stdout.write(
      `  B vs A: ${ratio('cpu', 'B', 'A')}× the CPU per call, ${ratio('rate', 'B', 'A')}× the requests/s\n`,
    );
  }
} finally {
  server.stop();
}
