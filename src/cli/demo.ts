import { inspect } from 'node:util';
import { ModelsLabClient } from '../../providers/modelslab/index.js';
import { TwelveLabsClient } from '../../providers/twelvelabs/index.js';
import { isApiError, isKeygateError } from '../errors/guards.js';
import { HeaderKeyStrategy } from '../strategies/header-key.js';
import { createSimulator, type SimulatedRequest, type Simulator } from '../testing/index.js';
import { escapeControlCharacters as shown } from './escape.js';
import type { CliIo } from './io.js';
import { type Style, styleFor } from './style.js';

/**
 * `keygate demo`: starts the loopback simulator and walks through both auth patterns, a rotated
 * key, a swapped strategy and the error every failing key produces. No network is used.
 *
 * @param io Where to write.
 * @returns The exit code (0).
 */
export async function runDemo(io: CliIo): Promise<number> {
  const style = styleFor(io.stdout, io.env);
  const say = (text = '') => io.stdout.write(`${text}\n`);
  const sim = await createSimulator({ processingFetches: 1 });
  const errors: unknown[] = [];
  const describe = (error: unknown) => {
    errors.push(error);
    return describeError(error, style);
  };
  try {
    say(style.bold('keygate demo: two providers, two places for the key, one transport'));
    say(style.dim(`Simulator on ${sim.origin} (loopback only; nothing leaves this machine).`));
    await headerKey(sim, say, style);
    await bodyKey(sim, say, style);
    await rotatedKey(sim, say, style, describe);
    await swappedStrategy(sim, say, style, describe);
    await failingKeys(sim, say, style, describe);
    say();
    const keys = [...Object.values(sim.keys.twelvelabs), ...Object.values(sim.keys.modelslab)];
    const shown = errors.map(
      (error) =>
        `${String(error)} ${JSON.stringify(error)} ${inspect(error, { showHidden: true, depth: Infinity })}`,
    );
    const leaked = keys.filter((key) => shown.some((text) => text.includes(key)));
    if (leaked.length > 0) {
      say(style.red(`A key appeared in an error: ${leaked.length} of ${keys.length} keys leaked.`));
      return 1;
    }
    say(
      style.green(
        `Done. Keys were masked above, and none of the ${errors.length} errors shows one (checked String, JSON and inspect).`,
      ),
    );
    return 0;
  } finally {
    await sim.close();
  }
}

type Say = (text?: string) => void;
type Describe = (error: unknown) => string;

function heading(say: Say, style: Style, text: string): void {
  say();
  say(style.cyan(style.bold(`▸ ${text}`)));
}

function travelled(say: Say, style: Style, request: SimulatedRequest | undefined): void {
  if (!request) return;
  const { credential } = request;
  const where =
    credential.location === 'none'
      ? 'no key'
      : `key in ${credential.location} "${credential.name}" (${credential.masked})`;
  say(`  ${style.dim(`${request.method} ${request.path}`.padEnd(44))} ${where} → ${request.status}`);
}

async function headerKey(sim: Simulator, say: Say, style: Style): Promise<void> {
  heading(say, style, 'TwelveLabs: the key travels in the x-api-key header');
  const client = new TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl });
  const { _id } = await client.indexes.create({
    index_name: 'demo-videos',
    models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
  });
  travelled(say, style, sim.requests.at(-1));
  const task = await client.tasks.create({ index_id: _id, video_file: new Blob(['not really a video']) });
  travelled(say, style, sim.requests.at(-1));
  const done = await client.tasks.waitForDone(task._id, { intervalMs: 10 });
  travelled(say, style, sim.requests.at(-1));
  say(`  index ${shown(_id.slice(0, 8))}…: the video was uploaded and indexed, task ${shown(done.status)}.`);
}

async function bodyKey(sim: Simulator, say: Say, style: Style): Promise<void> {
  heading(say, style, 'ModelsLab: the key travels inside the JSON body as "key"');
  const client = new ModelsLabClient({ apiKey: sim.keys.modelslab.valid, baseUrl: sim.modelslab.baseUrl });
  const params = { prompt: 'a lighthouse at dawn', model_id: 'flux' };
  const image = await client.images.text2img(params);
  travelled(say, style, sim.requests.at(-1));
  say(`  ${shown(image.status)}; your params object is unchanged: ${JSON.stringify(params)}`);
  const queued = await client.images.generate({ ...params, samples: 2 });
  for (const request of sim.requests.slice(-2)) travelled(say, style, request);
  say(`  a queued job: processing, then fetched with { key } in the body → ${queued.output.length} image(s)`);
}

async function rotatedKey(sim: Simulator, say: Say, style: Style, describe: Describe): Promise<void> {
  heading(say, style, 'A rotated key: the key source is asked again on every call');
  let current = sim.keys.twelvelabs.expired;
  const client = new TwelveLabsClient({
    apiKey: () => current,
    baseUrl: sim.twelvelabs.baseUrl,
    maxRetries: 0,
  });
  const error = await client.indexes.list().catch((caught: unknown) => caught);
  travelled(say, style, sim.requests.at(-1));
  say(`  ${describe(error)}`);
  current = sim.keys.twelvelabs.valid;
  await client.indexes.list();
  travelled(say, style, sim.requests.at(-1));
  say('  after rotation the same client works: no restart, no new client.');
}

async function swappedStrategy(sim: Simulator, say: Say, style: Style, describe: Describe): Promise<void> {
  heading(say, style, 'A swapped strategy: ModelsLab with a header key');
  const client = new ModelsLabClient({
    strategy: new HeaderKeyStrategy({ key: sim.keys.modelslab.valid }),
    baseUrl: sim.modelslab.baseUrl,
    maxRetries: 0,
  });
  const error = await client.images
    .text2img({ prompt: 'p', model_id: 'flux' })
    .catch((caught: unknown) => caught);
  travelled(say, style, sim.requests.at(-1));
  say(`  ${describe(error)}`);
  say('  ModelsLab only reads the body, so the strategy decides whether a valid key works.');
}

async function failingKeys(sim: Simulator, say: Say, style: Style, describe: Describe): Promise<void> {
  heading(say, style, 'The error each failing key produces');
  for (const scenario of ['invalid', 'expired', 'forbidden', 'rateLimited'] as const) {
    const client = new TwelveLabsClient({
      apiKey: sim.keys.twelvelabs[scenario],
      baseUrl: sim.twelvelabs.baseUrl,
      maxRetries: 0,
    });
    const error = await client.indexes.list().catch((caught: unknown) => caught);
    say(`  ${'TwelveLabs'.padEnd(11)} ${scenario.padEnd(12)} ${describe(error)}`);
  }
  for (const scenario of ['invalid', 'noCredits', 'forbidden', 'rateLimited'] as const) {
    const client = new ModelsLabClient({
      apiKey: sim.keys.modelslab[scenario],
      baseUrl: sim.modelslab.baseUrl,
      maxRetries: 0,
    });
    const error = await client.images
      .text2img({ prompt: 'p', model_id: 'flux' })
      .catch((caught: unknown) => caught);
    say(`  ${'ModelsLab'.padEnd(11)} ${scenario.padEnd(12)} ${describe(error)}`);
  }
}

// Fields that came from the (simulated) provider are escaped like `keygate check` escapes them.
function describeError(error: unknown, style: Style): string {
  if (isApiError(error)) {
    const fields = `status ${error.status}, code ${shown(error.code ?? '-')}, retryable ${error.retryable}`;
    return `${style.red(error.name.padEnd(25))} ${fields}`;
  }
  if (isKeygateError(error)) return style.red(error.name);
  return style.yellow(`unexpected: ${shown(String(error))}`);
}
