// A consumer's code, compiled by test/types/exact-optional.test.ts against the BUILT package
// (dist/*.d.ts, through the package's own name) with `exactOptionalPropertyTypes: true`: what
// a strict service writes must compile, and real mistakes must still fail (@ts-expect-error).
import {
  type CallOptions,
  createTransport,
  HeaderKeyStrategy,
  type Logger,
  QueryKeyStrategy,
  type TransportRequest,
} from 'keygate';
import { ModelsLabClient } from 'keygate/modelslab';
import { type ListIndexesParams, TwelveLabsClient } from 'keygate/twelvelabs';

declare const maybeSignal: AbortSignal | undefined;
declare const maybeNumber: number | undefined;
declare const logger: Logger | undefined;

// Values read from the environment or a request are `string | undefined`.
const client = new TwelveLabsClient({
  apiKey: process.env.TWELVE_LABS_API_KEY,
  baseUrl: process.env.TWELVE_LABS_BASE_URL,
  timeout: maybeNumber,
  maxRetries: maybeNumber,
  logger,
  logLevel: undefined,
  dispatcher: undefined,
});
const options: CallOptions = {
  signal: maybeSignal,
  timeout: maybeNumber,
  maxRetries: undefined,
  headers: undefined,
};
const params: ListIndexesParams = { page: maybeNumber, page_limit: 10, index_name: undefined };
export const page = client.indexes.list(params, options);
export const withResponse = client.indexes.retrieve('idx', { signal: maybeSignal }).withResponse();
export const task = client.tasks.waitForDone('t', {
  intervalMs: maybeNumber,
  timeoutMs: undefined,
  signal: maybeSignal,
});
export const derived = client.withOptions({ timeout: maybeNumber, headers: { 'x-team': 'search' } });

const modelslab = new ModelsLabClient({ apiKey: process.env.MODELSLAB_API_KEY, strategy: undefined });
export const image = modelslab.images.generate(
  { prompt: 'a lighthouse', model_id: 'flux', negative_prompt: undefined, seed: null },
  { timeoutMs: maybeNumber, signal: maybeSignal },
);

const call: TransportRequest<unknown> = {
  method: 'GET',
  path: 'x',
  query: { a: undefined },
  json: undefined,
};
export const transport = createTransport({
  provider: 'Acme',
  baseUrl: 'https://api.acme.example',
  strategy: new HeaderKeyStrategy({ key: 'acme-test-key', prefix: undefined }),
  fetch: undefined,
  headers: undefined,
});
export const sent = transport.request(call);
export const query = new QueryKeyStrategy({ key: () => 'acme-test-key', param: undefined });

// Mistakes still fail.
// @ts-expect-error: a timeout is a number of milliseconds
new TwelveLabsClient({ timeout: '5000' });
// @ts-expect-error: there is no such option
client.indexes.list({}, { retries: 3 });
// @ts-expect-error: a signal is an AbortSignal
client.indexes.list({}, { signal: 'stop' });
