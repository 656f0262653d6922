// What a benchmark run measures and against which build. Every knob is an environment variable,
// so `npm run bench` runs the defaults and a smoke test can shrink them.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const root = new URL('../', import.meta.url);

/**
 * The keygate build under test: `KEYGATE_DIST` (a directory, relative to where the run started) or
 * the repository's `dist/`. The directory must resolve `ky` and `valibot` the way a package does,
 * i.e. sit inside the repository or beside a `node_modules` that has them. Resolved once and written
 * back as an absolute path, so child processes (which run in bench/) load the same build.
 */
export const distUrl = process.env.KEYGATE_DIST
  ? pathToFileURL(`${resolve(process.env.KEYGATE_DIST)}/`)
  : new URL('dist/', root);
process.env.KEYGATE_DIST = fileURLToPath(distUrl);

/** The API key every contender sends; the server does not check it. */
export const key = 'tl-bench-key';

function positive(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got ${raw}`);
  return value;
}

/** The sizes of a run; the defaults are what docs/benchmarks.md reports. */
export const settings = {
  /** Interleaved rounds of the throughput and CPU workloads. */
  // 30: on a shared 2-core machine a round's ratio moves by 5-10%. With 7 rounds the median of a
  // target near 1.0× flipped between runs of the same build, and with 15 it still moved by ±4%;
  // bench/compare-builds.mjs uses 30 too.
  rounds: positive('BENCH_ROUNDS', 30),
  /** Calls per contender per round. */
  requestsPerRound: positive('BENCH_REQUESTS', 2_000),
  /** Calls before the first round, per contender and workload. */
  warmupRequests: positive('BENCH_WARMUP', 300),
  /** Calls in flight at once during the throughput rounds. */
  concurrency: 32,
  /** Calls fired at once in the in-flight memory test. */
  inFlightCalls: positive('BENCH_IN_FLIGHT', 1_000),
  /** How long the server holds each of those answers, in milliseconds. */
  inFlightDelayMs: positive('BENCH_DELAY_MS', 200),
  /** Interleaved rounds of the in-flight memory test (one child process per contender each). */
  inFlightRounds: positive('BENCH_IN_FLIGHT_ROUNDS', 5),
  /** Size of the upload file, in MiB. */
  uploadMiB: positive('BENCH_UPLOAD_MIB', 512),
  /** Size of the multipart upload file, in MiB. */
  multipartMiB: positive('BENCH_MULTIPART_MIB', 2_048),
  /** Cold starts per entry. */
  importRounds: positive('BENCH_IMPORT_ROUNDS', 15),
};
