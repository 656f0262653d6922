// Two keygate builds side by side: did a change make a call cheaper? The builds run as two
// contenders of the same interleaved rounds, beside bare ky and ky the way keygate drives it, so
// drift of the machine hits all alike; what counts is the median of B's per-round ratio to A.
//
//   node bench/compare-builds.mjs <build A> <build B>
//
// A build is a directory like dist/ that resolves `ky` and `valibot` the way a package does (a
// copy under node_modules/ does: `cp -r dist node_modules/.dist-before`). BENCH_ROUNDS (default
// 30: a change of a few percent needs that many on a shared machine) and BENCH_REQUESTS set the
// size. Prints numbers only; it has no target.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { startContender } from './contender-process.mjs';
import { kyDefaults, kyLean, workloads } from './contenders.mjs';
import { median } from './stats.mjs';

const [buildA, buildB] = process.argv.slice(2);
if (buildA === undefined || buildB === undefined) {
  process.stderr.write('usage: node bench/compare-builds.mjs <build A> <build B>\n');
  process.exit(2);
}
const rounds = Number(process.env.BENCH_ROUNDS ?? 30);
const requests = Number(process.env.BENCH_REQUESTS ?? 2_000);
const concurrency = 32;

const server = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [portChunk] = await once(server.stdout, 'data');
const origin = `http://127.0.0.1:${portChunk.toString().trim()}`;

const builds = { A: buildA, B: buildB };
try {
  for (const { id, title } of workloads) {
    // Each in a process of its own: A must not run on ky and undici code that B's calls trained.
    const contenders = [
      [kyDefaults, kyDefaults, undefined],
      [kyLean, kyLean, undefined],
      ['A', 'keygate', buildA],
      ['B', 'keygate', buildB],
    ];
    const names = contenders.map(([name]) => name);
    const runs = Object.fromEntries(names.map((name) => [name, []]));
    const processes = {};
    try {
      for (const [name, contender, dist] of contenders) {
        processes[name] = await startContender(id, contender, origin, dist);
      }
      for (const name of names) await processes[name].run(300, concurrency);
      for (let round = 0; round < rounds; round++) {
        for (let i = 0; i < names.length; i++) {
          const name = names[(round + i) % names.length];
          runs[name].push(await processes[name].run(requests, concurrency));
        }
      }
    } finally {
      for (const contender of Object.values(processes)) contender.stop();
    }
    const ratio = (name, of, field) => median(runs[name].map((run, at) => run[field] / runs[of][at][field]));
    process.stdout.write(`\n${title}, ${rounds} rounds of ${requests} calls\n`);
    for (const name of names) {
      const cpu = median(runs[name].map((run) => run.cpuMicrosPerCall)).toFixed(1);
      const label = builds[name] === undefined ? name : `${name}: ${builds[name]}`;
      process.stdout.write(
        `  ${label.padEnd(40)} ${cpu.padStart(7)} µs CPU per call, ${ratio(name, kyDefaults, 'cpuMicrosPerCall').toFixed(3)}× bare ky's, ` +
          `${ratio(name, kyDefaults, 'perSecond').toFixed(3)}× its requests/s\n`,
      );
    }
    process.stdout.write(
      `  B vs A: ${ratio('B', 'A', 'cpuMicrosPerCall').toFixed(3)}× the CPU per call, ${ratio('B', 'A', 'perSecond').toFixed(3)}× the requests/s\n`,
    );
  }
} finally {
  server.kill();
}
