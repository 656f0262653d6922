// One contender with many calls in flight, in its own process so its peak RSS is its own:
// `node --expose-gc bench/in-flight-child.mjs <workload> <contender> <origin> <calls> <delayMs>`
// prints { baselineMiB, peakMiB, seconds }.
import { createCall } from './contenders.mjs';

const [workload, contender, origin, calls, delayMs] = process.argv.slice(2);
const mib = (bytes) => bytes / 2 ** 20;
// The server holds every answer for delayMs, so all calls are in flight at once.
const call = await createCall(workload, contender, `${origin}/delay/${delayMs}`);

// Warm-up: loads what the first call loads (ky, for keygate; undici, for everyone) and compiles
// the hot paths, then a full collection so the baseline is live memory only.
await Promise.all(Array.from({ length: 32 }, () => call()));
globalThis.gc();
const baseline = process.memoryUsage.rss();

let sampledPeak = baseline;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
}, 5);
const started = performance.now();
await Promise.all(Array.from({ length: Number(calls) }, () => call()));
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
// maxRSS is the kernel's high-water mark: it catches a peak between two samples.
const peak = Math.max(sampledPeak, process.resourceUsage().maxRSS * 1024);

console.log(
  JSON.stringify({
    baselineMiB: Number(mib(baseline).toFixed(1)),
    peakMiB: Number(mib(peak).toFixed(1)),
    seconds: Number(seconds.toFixed(2)),
  }),
);
