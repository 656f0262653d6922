import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { classifyModelsLabResponse } from '../../providers/modelslab/errors.js';
import { MESSAGE_SCAN_CHARS } from '../../src/errors/message-words.js';

// A regex that backtracks over a long message blocks the event loop: no timer, abort signal or
// test timeout can interrupt it. So each classification here runs in a Worker that the test
// terminates after a deadline. The deadline is generous (the bounded classifier answers in
// milliseconds) and the old regexes needed hours: `key .* invalid` over 10 MiB of "key " is
// quadratic, about 2 s for 64 KB and so about 15 hours for 10 MiB. No wall-clock speed is
// asserted, only that the classifier finishes.
const deadlineMs = 10_000;
const tenMiB = 10 * 1024 * 1024;
const root = fileURLToPath(new URL('../../', import.meta.url));

/** What the worker builds: `prefix + unit.repeat(...)` up to 10 MiB, then `suffix`. */
interface Recipe {
  provider: 'modelslab' | 'twelvelabs';
  status: number;
  prefix: string;
  unit: string;
  suffix: string;
}

interface Outcome {
  name: string;
  kind: string | undefined;
  retryAfterMs: number | undefined;
  messageLength: number;
}

// Workers cannot import TypeScript; esbuild (already a dev dependency, for the size budgets)
// bundles the two classifiers and createApiError into one script, as the package would ship them.
let classifierScript = '';

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: [
        "export { classifyModelsLabResponse } from './providers/modelslab/errors.ts';",
        "export { classifyTwelveLabsResponse } from './providers/twelvelabs/errors.ts';",
        "export { createApiError } from './src/errors/classify-status.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'keygate',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  classifierScript = bundle.outputFiles[0]?.text ?? '';
});

const workerMain = `
const { parentPort, workerData } = require('node:worker_threads');
const { provider, status, prefix, unit, suffix } = workerData;
const message = prefix + unit.repeat(Math.ceil(${tenMiB} / unit.length)) + suffix;
const response = {
  provider, status, statusText: '', method: 'POST', url: 'https://example.test/x',
  headers: new Headers(),
  body: provider === 'modelslab' ? { status: 'error', message } : { code: 'too_many_requests', message },
};
const classify = provider === 'modelslab' ? keygate.classifyModelsLabResponse : keygate.classifyTwelveLabsResponse;
const details = classify(response);
const error = keygate.createApiError(response, details);
parentPort.postMessage({
  name: error.name, kind: details && details.kind, retryAfterMs: error.retryAfterMs, messageLength: error.message.length,
});
`;

/** Classifies a 10 MiB message in a Worker; rejects if it is still running after the deadline. */
function classifyInWorker(recipe: Recipe): Promise<Outcome> {
  const worker = new Worker(`${classifierScript}\n${workerMain}`, { eval: true, workerData: recipe });
  return new Promise<Outcome>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`still classifying after ${deadlineMs} ms: ${JSON.stringify(recipe.unit)}`));
    }, deadlineMs);
    worker.once('message', (outcome: Outcome) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(outcome);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const modelslab = (prefix: string, unit: string, suffix = '') =>
  ({ provider: 'modelslab', status: 200, prefix, unit, suffix }) as const;

describe('classifiers on 10 MiB adversarial messages', () => {
  it.each([
    // The shapes that made the old `key .* (invalid|…)` and `(invalid|…|no) .* key` backtrack:
    // many "key"s without a fault word after them, many "no"s without a key after them. The
    // authentication regex ran first, so it stalled messages of every other class too.
    ['"key " repeated', 'BadRequestError', modelslab('', 'key ')],
    ['"no " repeated', 'BadRequestError', modelslab('', 'no ')],
    ['"api key " repeated', 'BadRequestError', modelslab('', 'api key ')],
    ['"invalid " repeated', 'BadRequestError', modelslab('', 'invalid ')],
    ['a rate limit, then "key " repeated', 'RateLimitError', modelslab('Too many requests. ', 'key ')],
    [
      'an out-of-credits message, then "api key " repeated',
      'InsufficientCreditsError',
      modelslab('Insufficient credits. ', 'api key '),
    ],
    [
      'a generation failure, then "no " repeated',
      'GenerationFailedError',
      modelslab('Failed to generate image. ', 'no '),
    ],
    [
      'a generation failure, then 10 MiB of whitespace',
      'GenerationFailedError',
      modelslab('Failed to generate image', ' \t\n'),
    ],
  ] as const)('ModelsLab: %s → %s, before the deadline', async (_label, name, recipe) => {
    const outcome = await classifyInWorker(recipe);
    expect(outcome.name).toBe(name);
    // The error message shows a bounded excerpt, not the body.
    expect(outcome.messageLength).toBeLessThan(1_000);
  });

  it('TwelveLabs: a 10 MiB too_many_requests message still gives its wait, before the deadline', async () => {
    const outcome = await classifyInWorker({
      provider: 'twelvelabs',
      status: 429,
      prefix:
        'You have exceeded the rate limit (60 requests per minute). Please try again later after 42 seconds. ',
      unit: 'try again later after 1 ',
      suffix: '',
    });
    expect(outcome).toMatchObject({ name: 'RateLimitError', retryAfterMs: 42_000 });
  });
});

describe('the classifier reads a bounded prefix', () => {
  const kindOf = (message: string) =>
    classifyModelsLabResponse({
      provider: 'ModelsLab',
      status: 200,
      statusText: '',
      method: 'POST',
      url: 'https://modelslab.com/api/v6/images/text2img',
      headers: new Headers(),
      body: { status: 'error', message },
    })?.kind;

  it('decides on the first MESSAGE_SCAN_CHARS characters: words after them change nothing', () => {
    const keyword = 'Invalid API key';
    const within = `${'x '.repeat((MESSAGE_SCAN_CHARS - keyword.length) / 2 - 1)}${keyword}`;
    const beyond = `${'x '.repeat(MESSAGE_SCAN_CHARS / 2)}${keyword}`;
    expect(within.length).toBeLessThanOrEqual(MESSAGE_SCAN_CHARS);
    expect(kindOf(within)).toBe('authentication');
    expect(kindOf(beyond)).toBe('bad_request');
    // The same for every kind: what follows the bound is never read.
    for (const tail of [
      'Insufficient credits',
      'premium plan',
      'Rate limit exceeded',
      'Failed to generate image',
    ]) {
      expect(kindOf(`${'x '.repeat(MESSAGE_SCAN_CHARS / 2)}${tail}`), tail).toBe('bad_request');
    }
  });
});
