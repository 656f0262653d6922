// Writes docs/benchmarks.md (and, through chart.mjs, docs/benchmarks.svg) from a run's results.
// Every section and row is always written, in a fixed order; a failed measurement says so in its cell.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { chart } from './chart.mjs';
import { kyDefaults, kyLean } from './contenders.mjs';
import { compare } from './stats.mjs';

const times = (ratio) => `${ratio.toFixed(2)}×`;
const mib = (value) => `${value.toFixed(1)} MiB`;
const row = (cells) => `| ${cells.join(' | ')} |`;
const header = (cells) => [row(cells), row(cells.map(() => '---'))];
const verdict = (target) =>
  `${target.met ? 'met' : '**missed**'}${target.withinNoise ? ' (within noise)' : ''}`;

/** Renders the report and the chart into `docs/` under `root`. */
export function writeReport(
  root,
  { settings, throughput, inFlight, uploads, multipart, coldImport, sizes, targets },
) {
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.mjs); do not edit by hand. -->',
    '',
    ...intro(settings),
    '![CPU per call, throughput and memory](benchmarks.svg)',
    '',
    ...cpuSection(throughput),
    '## Targets',
    '',
    ...header(['target', 'result', '']),
    ...targets.map((t) => row([t.what, t.value, verdict(t)])),
    '',
    'A ratio’s interval is how far its median moves when the rounds are resampled (a paired ' +
      'bootstrap, bench/stats.mjs): round-to-round noise only, not what stays fixed for a whole run. ' +
      '“within noise” marks a target whose interval includes 1.0: this run does not tell keygate ' +
      'from bare ky on that measure, whichever side the median fell on.',
    '',
    ...throughputSection(throughput),
    ...inFlightSection(settings, inFlight),
    ...uploadSection(settings, uploads),
    ...multipartSection(settings, multipart),
    ...coldImportSection(coldImport),
    '## Footprint (bundled with ky and valibot, minified, gzipped)',
    '',
    ...header(['entry', 'min', 'min+gz', 'budget']),
    ...sizes.map((s) => row([s.entry, `${s.minifiedBytes} B`, `${s.gzipBytes} B`, `${s.budgetBytes} B`])),
    '',
  ];
  writeFileSync(new URL('docs/benchmarks.md', root), lines.join('\n'));
  writeFileSync(new URL('docs/benchmarks.svg', root), chart({ throughput, inFlight, uploads }));
}

function intro({ rounds, requestsPerRound, concurrency }) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return [
    `Last run: ${when} UTC on ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `${os.type()} ${os.release()}, Node ${process.version}. The server runs on loopback in a process of its ` +
      'own, so CPU and memory figures are the client’s alone. Requests: ' +
      `${rounds} interleaved round${rounds === 1 ? '' : 's'} of ${requestsPerRound} calls per contender at concurrency ${concurrency}, ` +
      'the order rotating by one each round and a full garbage collection before each contender’s round. ' +
      'Each contender runs in a process of its own (bench/contender-child.mjs), as in a service that uses one ' +
      'client: in one shared process, a contender ran on ky and undici code that the previous contender’s calls ' +
      'had trained, and paid for re-optimising it (the same keygate build measured 6% dearer after ky than after ' +
      'itself). Figures are medians over rounds, ratios are medians of per-round ratios.',
    '',
    'Contenders:',
    '',
    '- **fetch**: Node’s global `fetch`, the floor of what any client on it can cost.',
    `- **${kyDefaults}**: \`ky.create({ prefix, timeout: 60_000 })\`, ky as most code uses it (default retries, a timeout).`,
    `- **${kyLean}**: \`ky.create({ prefix, retry: 0, timeout: false })\`, ky the way keygate’s transport drives it: ` +
      'one attempt per ky call, keygate’s own loop doing retries and deadlines.',
    '- **keygate**: `TwelveLabsClient#indexes.list()` and `ModelsLabClient#images.text2img()`, with validated responses.',
    '- **twelvelabs-js**: the official TwelveLabs SDK, `indexes.list()`.',
    '',
  ];
}

/** The contenders of all workloads, in first-seen order. */
const allContenders = (results) => [...new Set(results.flatMap((result) => result.contenders))];

function cpuSection(throughput) {
  const lines = [
    '## CPU per call',
    '',
    'Client CPU time (user + system, all threads) per call: `process.cpuUsage()` over a contender’s round ' +
      'divided by its calls, median over rounds. Lower is better.',
    '',
    ...header(['contender', ...throughput.flatMap((r) => [`${r.title}: µs per call`, 'vs bare ky'])]),
  ];
  for (const name of allContenders(throughput)) {
    const cells = throughput.flatMap((r) =>
      r.contenders.includes(name)
        ? [r.median.cpu[name].toFixed(1), times(compare(r, 'cpu', name, kyDefaults))]
        : ['-', '-'],
    );
    lines.push(row([name, ...cells]));
  }
  return [...lines, ''];
}

function throughputSection(throughput) {
  const lines = [
    '## Throughput',
    '',
    ...header(['contender', ...throughput.flatMap((r) => [`${r.title}: requests/s`, 'vs fetch'])]),
  ];
  for (const name of allContenders(throughput)) {
    const cells = throughput.flatMap((r) =>
      r.contenders.includes(name)
        ? [String(Math.round(r.median.rate[name])), times(compare(r, 'rate', name, 'fetch'))]
        : ['-', '-'],
    );
    lines.push(row([name, ...cells]));
  }
  lines.push('', '### Where the gap to bare fetch comes from', '');
  for (const result of throughput) lines.push(gapProse(result), '');
  return lines;
}

/** One paragraph per workload; what it claims follows from the numbers of this run. */
function gapProse(result) {
  const rate = (a, b) => compare(result, 'rate', a, b);
  const keygateVsFetch = rate('keygate', 'fetch');
  const leanVsFetch = rate(kyLean, 'fetch');
  const keygateVsLean = rate('keygate', kyLean);
  const cpuVsLean = compare(result, 'cpu', 'keygate', kyLean);
  const start = `**${result.title}.** keygate reaches ${times(keygateVsFetch)} bare fetch’s requests/s.`;
  if (keygateVsFetch >= 1) return `${start} There is no gap to explain.`;
  const share = Math.round((100 * Math.max(0, 1 - leanVsFetch)) / (1 - keygateVsFetch));
  const source =
    share >= 50
      ? `The gap comes from ky itself: ky with retries and timeout off reaches about ${times(leanVsFetch)} fetch ` +
        `(ky with its defaults ${times(rate(kyDefaults, 'fetch'))}), which accounts for ${Math.min(share, 100)}% of keygate’s gap.`
      : `ky itself accounts for only ${share}% of that gap: ky with retries and timeout off reaches ` +
        `${times(leanVsFetch)} fetch (ky with its defaults ${times(rate(kyDefaults, 'fetch'))}).`;
  const onTop =
    keygateVsLean >= 0.9 ? 'keygate adds little on top of it' : 'keygate adds a cost of its own on top of it';
  return `${start} ${source} ${onTop}: ${times(keygateVsLean)} that ky’s requests/s at ${times(cpuVsLean)} its CPU per call.`;
}

function inFlightSection({ inFlightCalls, inFlightDelayMs }, inFlight) {
  const lines = [
    `## Memory with ${inFlightCalls.toLocaleString('en')} calls in flight`,
    '',
    `The server holds every answer for ${inFlightDelayMs} ms. Each contender runs in a child process of its own ` +
      '(bench/in-flight-child.mjs): 32 warm-up calls, a full garbage collection, the RSS then as its **baseline**, ' +
      `then ${inFlightCalls.toLocaleString('en')} calls fired at once. **Peak** is the larger of RSS sampled every 5 ms and the ` +
      'kernel’s high-water mark (`process.resourceUsage().maxRSS`). The target compares peaks as they are, ' +
      'baseline included, since a service pays for both; **over baseline** is what the calls in flight hold. ' +
      'Medians over rounds; ratios are medians of per-round ratios. Lower is better.',
    '',
  ];
  for (const result of inFlight) {
    lines.push(
      `### ${result.title}`,
      '',
      ...header(['contender', 'baseline', 'peak', 'over baseline', 'peak vs bare ky', 'seconds']),
    );
    for (const name of result.contenders) {
      if (result.errors[name]) {
        lines.push(row([name, `failed: ${result.errors[name]}`, '-', '-', '-', '-']));
        continue;
      }
      const m = (metric) => result.median[metric][name];
      const vsKy = result.errors[kyDefaults] ? '-' : times(compare(result, 'peakMiB', name, kyDefaults));
      lines.push(
        row([
          name,
          mib(m('baselineMiB')),
          mib(m('peakMiB')),
          mib(m('overBaselineMiB')),
          vsKy,
          m('seconds').toFixed(2),
        ]),
      );
    }
    lines.push('');
  }
  return lines;
}

function uploadSection({ uploadMiB }, uploads) {
  return [
    `## ${uploadMiB} MiB upload (tasks.create with fs.openAsBlob)`,
    '',
    ...header(['contender', 'peak RSS', 'seconds']),
    ...uploads.map((r) =>
      row([r.contender, r.error ? `failed: ${r.error}` : `${r.peakRssMiB} MiB`, r.seconds ?? '-']),
    ),
    '',
    'fetch and ky here are the naive way (FormData, default redirect handling; ky also clones for its retry), ' +
      "where undici keeps a copy of the body. keygate streams: one attempt, `redirect: 'error'`.",
    '',
  ];
}

function multipartSection({ multipartMiB }, r) {
  return [
    `## ${multipartMiB.toLocaleString('en')} MiB multipart upload (multipartUploads.upload with fs.openAsBlob)`,
    '',
    ...header([
      'peak RSS',
      'seconds',
      'chunks',
      'bytes the storage received',
      'requests to the storage with a key',
    ]),
    r.error
      ? row([`failed: ${r.error}`, '-', '-', '-', '-'])
      : row([`${r.peakRssMiB} MiB`, r.seconds, r.chunks, r.receivedBytes, r.keyLeaks]),
    '',
    'Chunks of 64 MiB, 4 at a time, each streamed from the file to a presigned URL on the bench server’s ' +
      'second origin (the object storage), which counts the bytes and any request that carries a key.',
    '',
  ];
}

function coldImportSection(coldImport) {
  return [
    '## Cold import',
    '',
    ...header(['entry', 'median wall time', 'over bare node', 'peak RSS']),
    ...Object.entries(coldImport).map(([name, r]) =>
      row([
        name,
        `${r.medianMs.toFixed(1)} ms`,
        name === 'bare node' ? '-' : `${r.overBareMs.toFixed(1)} ms`,
        mib(r.peakRssMiB),
      ]),
    ),
    '',
  ];
}
