// keygate's side-by-side benchmarks (`npm run bench`). Contenders run in interleaved rounds and
// results are medians of per-round ratios, so drift of the machine hits all alike. Writes
// docs/benchmarks.md and docs/benchmarks.svg, and exits non-zero when a target is missed.
//
// Environment (defaults in bench/settings.mjs): KEYGATE_DIST (the build under test, default dist/),
// BENCH_ROUNDS, BENCH_REQUESTS, BENCH_WARMUP, BENCH_IN_FLIGHT, BENCH_DELAY_MS,
// BENCH_IN_FLIGHT_ROUNDS, BENCH_UPLOAD_MIB, BENCH_MULTIPART_MIB, BENCH_IMPORT_ROUNDS.
import { fileURLToPath } from 'node:url';
import { measureEntrySizes } from '../scripts/entry-sizes.mjs';
import { measureColdImport } from './cold-import.mjs';
import { measureInFlight } from './in-flight.mjs';
import { writeReport } from './report.mjs';
import { startServer } from './server-process.mjs';
import { distUrl, root, settings } from './settings.mjs';
import { checkTargets } from './targets.mjs';
import { measureThroughput } from './throughput.mjs';
import { measureMultipartUpload, measureUploadMemory } from './upload-memory.mjs';

const log = (text) => process.stderr.write(`${text}\n`);
log(`benchmarking the build in ${fileURLToPath(distUrl)}`);

const server = await startServer();
const { origin } = server;

let results;
try {
  const throughput = await measureThroughput({ origin, ...settings, log });
  const inFlight = measureInFlight({
    origin,
    rounds: settings.inFlightRounds,
    calls: settings.inFlightCalls,
    delayMs: settings.inFlightDelayMs,
    log,
  });
  const uploads = await measureUploadMemory({ origin, uploadMiB: settings.uploadMiB, log });
  const multipart = await measureMultipartUpload({ origin, multipartMiB: settings.multipartMiB, log });
  log('cold import');
  const coldImport = measureColdImport({ distUrl, rounds: settings.importRounds });
  results = { settings, throughput, inFlight, uploads, multipart, coldImport };
} finally {
  server.stop();
}
results.sizes = await measureEntrySizes(root, distUrl);
results.targets = checkTargets(results);
writeReport(root, results);

const missed = results.targets.filter((target) => !target.met);
for (const target of results.targets)
  console.log(
    `${target.met ? 'met   ' : 'MISSED'} ${target.what}: ${target.value}${target.withinNoise ? ' (within noise)' : ''}`,
  );
console.log(
  `${results.targets.length - missed.length} of ${results.targets.length} targets met; report in docs/benchmarks.md`,
);
process.exitCode = missed.length === 0 ? 0 : 1;
