// keygate's side-by-side benchmarks (`npm run bench`). Contenders run in interleaved rounds
// (A B C A B C ...) and results are medians of per-round ratios, so machine drift hits all alike.
// Writes docs/benchmarks.md and docs/benchmarks.svg, and exits non-zero when a target is missed.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ky from 'ky';
import { TwelveLabs } from 'twelvelabs-js';
import { ModelsLabClient } from '../dist/modelslab.js';
import { TwelveLabsClient } from '../dist/twelvelabs.js';
import { measureEntrySizes } from '../scripts/entry-sizes.mjs';

const root = new URL('../', import.meta.url);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const requestsPerRound = Number(process.env.BENCH_REQUESTS ?? 2_000);
const concurrency = 32;
const uploadMiB = Number(process.env.BENCH_UPLOAD_MIB ?? 512);
const key = 'tl-bench-key';
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const server = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [portChunk] = await once(server.stdout, 'data');
const origin = `http://127.0.0.1:${portChunk.toString().trim()}`;
const log = (text) => process.stderr.write(`${text}\n`);

// ---- request throughput -------------------------------------------------------------------
const params = { prompt: 'a lighthouse at dawn', model_id: 'flux', width: 512, height: 512 };
const kyClient = ky.create({ prefix: origin, timeout: 60_000 });
const twelvelabs = new TwelveLabsClient({ apiKey: key, baseUrl: `${origin}/v1.3` });
const modelslab = new ModelsLabClient({ apiKey: key, baseUrl: `${origin}/api/v6` });
// The SDK's wrapper ignores a `baseUrl` option; it reads TWELVELABS_BASE_URL instead.
process.env.TWELVELABS_BASE_URL = `${origin}/v1.3`;
const sdk = new TwelveLabs({ apiKey: key });
const workloads = {
  'GET, header key (indexes.list)': {
    fetch: async () => (await fetch(`${origin}/v1.3/indexes`, { headers: { 'x-api-key': key } })).json(),
    ky: () => kyClient.get('v1.3/indexes', { headers: { 'x-api-key': key } }).json(),
    keygate: () => twelvelabs.indexes.list(),
    'twelvelabs-js': () => sdk.indexes.list(),
  },
  'POST, body key (images.text2img)': {
    fetch: async () =>
      (
        await fetch(`${origin}/api/v6/images/text2img`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ...params, key }),
        })
      ).json(),
    ky: () => kyClient.post('api/v6/images/text2img', { json: { ...params, key } }).json(),
    keygate: () => modelslab.images.text2img(params),
  },
};

async function throughput(call, count) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await call();
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

const throughputResults = {};
for (const [workload, contenders] of Object.entries(workloads)) {
  for (const call of Object.values(contenders)) await throughput(call, 300); // warm-up
  const perRound = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, call] of Object.entries(contenders))
      perRound[name].push(await throughput(call, requestsPerRound));
    log(`${workload}: round ${round + 1}/${rounds}`);
  }
  const ratio = (a, b) => median(perRound[a].map((value, i) => value / perRound[b][i]));
  throughputResults[workload] = {
    rates: Object.fromEntries(Object.entries(perRound).map(([name, values]) => [name, median(values)])),
    keygateVsKy: ratio('keygate', 'ky'),
    keygateVsFetch: ratio('keygate', 'fetch'),
    ...(perRound['twelvelabs-js'] ? { keygateVsSdk: ratio('keygate', 'twelvelabs-js') } : {}),
  };
}

// ---- upload memory --------------------------------------------------------------------------
const uploadFile = join(os.tmpdir(), `keygate-bench-${uploadMiB}mib.bin`);
if (!existsSync(uploadFile) || statSync(uploadFile).size !== uploadMiB * 2 ** 20) {
  log(`writing a ${uploadMiB} MiB upload file`);
  const stream = createWriteStream(uploadFile);
  const chunk = Buffer.alloc(2 ** 20, 7);
  for (let i = 0; i < uploadMiB; i++) if (!stream.write(chunk)) await once(stream, 'drain');
  stream.end();
  await once(stream, 'finish');
}
const uploadResults = [];
for (const contender of ['keygate', 'fetch', 'ky', 'twelvelabs-js']) {
  log(`upload: ${contender}`);
  const run = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('./upload.mjs', import.meta.url)), contender, origin, uploadFile],
    {
      cwd: fileURLToPath(new URL('.', import.meta.url)),
      encoding: 'utf8',
      timeout: 600_000,
    },
  );
  const line = run.stdout.trim().split('\n').at(-1);
  uploadResults.push(
    run.status === 0 && line
      ? JSON.parse(line)
      : { contender, error: (run.stderr || `exit ${run.status}`).trim().split('\n').at(-1) },
  );
}

// ---- cold import ------------------------------------------------------------------------------
const importTargets = {
  'bare node': undefined,
  keygate: new URL('dist/index.js', root).href,
  'keygate/twelvelabs': new URL('dist/twelvelabs.js', root).href,
  'keygate/modelslab': new URL('dist/modelslab.js', root).href,
  'twelvelabs-js': new URL('node_modules/twelvelabs-js/index.js', import.meta.url).href,
};
const importRuns = Object.fromEntries(
  Object.keys(importTargets).map((name) => [name, { ms: [], rssMiB: [] }]),
);
for (let round = 0; round < 15; round++) {
  for (const [name, target] of Object.entries(importTargets)) {
    const code = `${target ? `await import(${JSON.stringify(target)});` : ''}console.log(process.resourceUsage().maxRSS)`;
    const started = performance.now();
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
    importRuns[name].ms.push(performance.now() - started);
    importRuns[name].rssMiB.push(Number(run.stdout.trim()) / 1024);
  }
}
const bareMs = median(importRuns['bare node'].ms);
const importResults = Object.fromEntries(
  Object.entries(importRuns).map(([name, runs]) => [
    name,
    { medianMs: median(runs.ms), overBareMs: median(runs.ms) - bareMs, peakRssMiB: median(runs.rssMiB) },
  ]),
);

server.kill();

// ---- footprint ----------------------------------------------------------------------------------
const sizes = await measureEntrySizes(root);

// ---- targets --------------------------------------------------------------------------------------
const targets = [];
for (const [workload, result] of Object.entries(throughputResults)) {
  targets.push({
    what: `${workload}: keygate ≥ 1.0× bare ky`,
    met: result.keygateVsKy >= 1.0,
    value: `${result.keygateVsKy.toFixed(2)}×`,
  });
  targets.push({
    what: `${workload}: keygate ≥ 0.9× bare fetch`,
    met: result.keygateVsFetch >= 0.9,
    value: `${result.keygateVsFetch.toFixed(2)}×`,
  });
}
const keygateUpload = uploadResults.find((r) => r.contender === 'keygate');
targets.push({
  what: `${uploadMiB} MiB upload: keygate peak RSS < 150 MiB`,
  met: keygateUpload?.peakRssMiB < 150 && keygateUpload?.receivedBytes > uploadMiB * 2 ** 20,
  value: `${keygateUpload?.peakRssMiB ?? keygateUpload?.error} MiB`,
});
for (const entry of ['keygate/twelvelabs', 'keygate/modelslab']) {
  targets.push({
    what: `cold import of ${entry} < 50 ms over bare node`,
    met: importResults[entry].overBareMs < 50,
    value: `${importResults[entry].overBareMs.toFixed(1)} ms`,
  });
}
for (const size of sizes) {
  targets.push({
    what: `${size.entry} min+gz ≤ ${size.budgetBytes} B`,
    met: size.gzipBytes <= size.budgetBytes,
    value: `${size.gzipBytes} B`,
  });
}

writeReport({ throughputResults, uploadResults, importResults, sizes, targets });
const missed = targets.filter((target) => !target.met);
for (const target of targets)
  console.log(`${target.met ? 'met   ' : 'MISSED'} ${target.what}: ${target.value}`);
console.log(
  `${targets.length - missed.length} of ${targets.length} targets met; report in docs/benchmarks.md`,
);
process.exitCode = missed.length === 0 ? 0 : 1;

// ---- report ----------------------------------------------------------------------------------------
function writeReport({ throughputResults, uploadResults, importResults, sizes, targets }) {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '# Benchmarks',
    '',
    '<!-- Written by `npm run bench` (bench/run.mjs); do not edit by hand. -->',
    '',
    `Last run: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpu}, ${os.cpus().length} cores, ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}. ` +
      `Server on loopback in its own process; ${rounds} interleaved rounds of ${requestsPerRound} requests at concurrency ${concurrency}; ` +
      'ratios are medians of per-round ratios.',
    '',
    '![Throughput and upload memory](benchmarks.svg)',
    '',
    '## Targets',
    '',
    '| target | result | |',
    '| --- | --- | --- |',
    ...targets.map((t) => `| ${t.what} | ${t.value} | ${t.met ? 'met' : '**missed**'} |`),
    '',
  ];
  for (const [workload, result] of Object.entries(throughputResults)) {
    lines.push(`## ${workload}`, '', '| contender | requests/s (median) |', '| --- | --- |');
    for (const [name, rate] of Object.entries(result.rates)) lines.push(`| ${name} | ${Math.round(rate)} |`);
    lines.push(
      '',
      `keygate vs bare ky: **${result.keygateVsKy.toFixed(2)}×**; vs bare fetch: **${result.keygateVsFetch.toFixed(2)}×**` +
        (result.keygateVsSdk ? `; vs twelvelabs-js: **${result.keygateVsSdk.toFixed(2)}×**` : '') +
        '.',
      '',
    );
  }
  lines.push(
    `## ${uploadMiB} MiB upload (tasks.create with fs.openAsBlob)`,
    '',
    '| contender | peak RSS | seconds |',
    '| --- | --- | --- |',
  );
  for (const r of uploadResults)
    lines.push(
      `| ${r.contender} | ${r.error ? `failed: ${r.error}` : `${r.peakRssMiB} MiB`} | ${r.seconds ?? '-'} |`,
    );
  lines.push(
    '',
    'fetch and ky here are the naive way (FormData, default redirect handling; ky also clones for its retry), ' +
      "where undici keeps a copy of the body. keygate streams: one attempt, `redirect: 'error'`.",
    '',
    '## Cold import',
    '',
    '| entry | median wall time | over bare node | peak RSS |',
    '| --- | --- | --- | --- |',
  );
  for (const [name, r] of Object.entries(importResults)) {
    lines.push(
      `| ${name} | ${r.medianMs.toFixed(1)} ms | ${name === 'bare node' ? '-' : `${r.overBareMs.toFixed(1)} ms`} | ${r.peakRssMiB.toFixed(1)} MiB |`,
    );
  }
  lines.push(
    '',
    '## Footprint (bundled with ky and valibot, minified, gzipped)',
    '',
    '| entry | min | min+gz | budget |',
    '| --- | --- | --- | --- |',
  );
  for (const s of sizes)
    lines.push(`| ${s.entry} | ${s.minifiedBytes} B | ${s.gzipBytes} B | ${s.budgetBytes} B |`);
  lines.push('');
  writeFileSync(new URL('docs/benchmarks.md', root), lines.join('\n'));
  writeFileSync(new URL('docs/benchmarks.svg', root), chart(throughputResults, uploadResults));
}

function chart(throughputResults, uploadResults) {
  const bars = [];
  for (const [workload, result] of Object.entries(throughputResults)) {
    for (const [name, rate] of Object.entries(result.rates))
      bars.push({ group: workload.split(',')[0], label: name, value: rate, unit: 'req/s' });
  }
  const uploadBars = uploadResults
    .filter((r) => !r.error)
    .map((r) => ({ group: 'upload', label: r.contender, value: r.peakRssMiB, unit: 'MiB peak RSS' }));
  const rows = [...bars, ...uploadBars];
  const width = 720;
  const rowHeight = 22;
  const labelWidth = 230;
  const height = rows.length * rowHeight + 60;
  const maxRate = Math.max(...bars.map((b) => b.value));
  const maxRss = Math.max(...uploadBars.map((b) => b.value), 1);
  const colour = { keygate: '#2f7d32', fetch: '#607d8b', ky: '#8d6e63', 'twelvelabs-js': '#c62828' };
  const parts = rows.map((row, i) => {
    const scale = row.unit === 'req/s' ? maxRate : maxRss;
    const length = Math.max(2, ((width - labelWidth - 120) * row.value) / scale);
    const y = 40 + i * rowHeight;
    return (
      `<text x="${labelWidth - 8}" y="${y + 14}" text-anchor="end">${row.group}: ${row.label}</text>` +
      `<rect x="${labelWidth}" y="${y + 2}" width="${length.toFixed(1)}" height="16" fill="${colour[row.label] ?? '#999'}"/>` +
      `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 14}">${Math.round(row.value)} ${row.unit}</text>`
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">` +
    '<title>keygate benchmarks: requests per second by contender, and peak RSS of a large upload</title>' +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<text x="10" y="22" font-size="14" font-weight="bold">keygate benchmarks: throughput (higher is better) and upload memory (lower is better)</text>` +
    `${parts.join('')}</svg>\n`
  );
}
