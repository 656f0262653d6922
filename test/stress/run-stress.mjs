// Load with faults, against the built package: `node --expose-gc test/stress/run-stress.mjs [total]`.
// A fault-injecting server runs in a child process; clients (20 per provider, each with its own
// key) send `total` requests at concurrency 100. Prints one line and exits non-zero when any
// guarantee fails. `npm run test:stress` runs 10,000; the vitest suite runs 1,000.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { inspect } from 'node:util';
import { isKeygateError } from '../../dist/index.js';
import { ModelsLabClient } from '../../dist/modelslab.js';
import { TwelveLabsClient } from '../../dist/twelvelabs.js';

const total = Number(process.argv[2] ?? 10_000);
const concurrency = 100;
const clientsPerProvider = 20;
const timeoutMs = 400;
const warmup = Number(process.env.STRESS_WARMUP ?? 5_000);
const maxGrowthMiB = 50;

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

const server = spawn(process.execPath, [new URL('./fault-server.mjs', import.meta.url).pathname], {
  env: { PATH: process.env.PATH ?? '', STRESS_SLOW_MS: String(timeoutMs * 2) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [portChunk] = await once(server.stdout, 'data');
const origin = `http://127.0.0.1:${portChunk.toString().trim()}`;

// Every log line (at debug, the most verbose) and every hook view is checked for every key as it
// is produced, and counted; nothing is kept, so the memory reading stays the clients' own.
const logged = { lines: 0, views: 0, leaks: 0 };
const checkShown = (text) => {
  if (allKeys.some((candidate) => text.includes(candidate))) logged.leaks += 1;
};
const line = (fields, message) => {
  logged.lines += 1;
  checkShown(`${message} ${inspect(fields, { depth: Infinity })}`);
};
const logger = { debug: line, info: line, warn: line, error: line };
const view = (shown) => {
  logged.views += 1;
  checkShown(inspect(shown, { depth: Infinity, showHidden: true }));
};
const hooks = { onRequest: view, onResponse: view, onRetry: view, onError: view };

const make = (prefix, Client, path) =>
  Array.from({ length: clientsPerProvider }, (_, i) => {
    const key = `${prefix}-stress-key-${i}-${Math.random().toString(36).slice(2, 10)}`;
    return {
      key,
      client: new Client({
        apiKey: key,
        baseUrl: `${origin}${path}`,
        timeout: timeoutMs,
        maxRetries: 2,
        logger,
        logLevel: 'debug',
        hooks,
      }),
    };
  });
const twelvelabs = make('tl', TwelveLabsClient, '/v1.3');
const modelslab = make('ml', ModelsLabClient, '/api/v6');
const allKeys = [...twelvelabs, ...modelslab].map(({ key }) => key);

let unhandled = 0;
process.on('unhandledRejection', () => {
  unhandled += 1;
});

// Every way an error is shown: String, stack, JSON, inspect with hidden fields, and each cause.
function everyRendering(error) {
  const parts = [];
  for (let link = error, depth = 0; link !== undefined && depth < 10; depth++, link = link?.cause) {
    parts.push(
      String(link),
      String(link?.stack),
      JSON.stringify(link) ?? '',
      inspect(link, { showHidden: true, depth: Infinity }),
    );
  }
  return parts.join('\n');
}

async function run(count) {
  const stats = { settled: 0, successes: 0, leaks: 0, crossTalk: 0, untyped: 0, errors: new Map() };
  let next = 0;
  async function worker() {
    for (let index = next++; index < count; index = next++) {
      const useTwelveLabs = index % 2 === 0;
      const { key, client } = (useTwelveLabs ? twelvelabs : modelslab)[index % clientsPerProvider];
      try {
        if (useTwelveLabs) {
          const page = await client.indexes.list();
          if (page.data[0]?.index_name !== key) stats.crossTalk += 1;
        } else {
          const image = await client.images.text2img({ prompt: 'p', model_id: 'flux' });
          if (image.status !== 'success' || image.meta?.key !== key) stats.crossTalk += 1;
        }
        stats.successes += 1;
      } catch (error) {
        const name = isKeygateError(error) ? error.name : 'untyped';
        if (name === 'untyped') stats.untyped += 1;
        stats.errors.set(name, (stats.errors.get(name) ?? 0) + 1);
        const shown = everyRendering(error);
        if (allKeys.some((candidate) => shown.includes(candidate))) stats.leaks += 1;
      } finally {
        stats.settled += 1;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return stats;
}

const settledMemory = () => {
  globalThis.gc();
  globalThis.gc();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
};

// Under 100 concurrent sockets RSS climbs towards a plateau over the first few thousand requests
// (bare fetch too: about 240 MiB here) while the heap after GC stays flat; growth is measured
// after a warm-up, and the heap after GC is reported beside it, since a JS leak shows there first.
await run(warmup);
const before = settledMemory();
const started = performance.now();
const stats = await run(total);
await new Promise((resolve) => setTimeout(resolve, 50));
const after = settledMemory();
const rssGrowthMiB = (after.rss - before.rss) / 2 ** 20;
const heapGrowthMiB = (after.heapUsed - before.heapUsed) / 2 ** 20;
const seconds = (performance.now() - started) / 1000;
server.kill();

const errorsByClass = [...stats.errors.entries()]
  .sort()
  .map(([name, n]) => `${name} ${n}`)
  .join(', ');
console.log(
  `stress: settled ${stats.settled}/${total}, successes ${stats.successes}, errors {${errorsByClass}}, ` +
    `log lines ${logged.lines}, hook views ${logged.views}, log leaks ${logged.leaks}, ` +
    `unhandled rejections ${unhandled}, leaks ${stats.leaks}, cross-talk ${stats.crossTalk}, untyped ${stats.untyped}, ` +
    `RSS growth ${rssGrowthMiB.toFixed(1)} MiB, heap growth ${heapGrowthMiB.toFixed(1)} MiB ` +
    `(after a ${warmup}-request warm-up, GC before both readings), ` +
    `${seconds.toFixed(1)} s at concurrency ${concurrency}`,
);
const failures = [
  stats.settled !== total && 'not every request settled',
  stats.untyped > 0 && 'untyped errors',
  unhandled > 0 && 'unhandled rejections',
  stats.leaks > 0 && 'a key leaked into an error',
  logged.leaks > 0 && 'a key leaked into a log line or a hook view',
  logged.lines < total && 'fewer log lines than requests: the logger was not called',
  stats.crossTalk > 0 && 'cross-talk between clients',
  stats.successes < total * 0.7 && 'fewer than 70% successes',
  rssGrowthMiB >= maxGrowthMiB && `RSS grew ${maxGrowthMiB} MiB or more`,
].filter(Boolean);
if (failures.length > 0) {
  console.error(`stress FAILED: ${failures.join('; ')}`);
  process.exitCode = 1;
}
