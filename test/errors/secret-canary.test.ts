import { Console } from 'node:console';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  type AuthStrategy,
  BadRequestError,
  BodyKeyStrategy,
  ConfigurationError,
  ConnectionError,
  createTransport,
  HeaderKeyStrategy,
  InsufficientCreditsError,
  isAllKeysUnavailableError,
  type KeygateError,
  type KeyPoolEvent,
  type KeySource,
  keyPool,
  type Logger,
  NotFoundError,
  PermissionDeniedError,
  QueryKeyStrategy,
  RateLimitError,
  RedirectError,
  ResponseTooLargeError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
  type Transport,
} from '../../src/index.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

// One canary per strategy, so a hit names the path it leaked through.
const canaries = {
  header: 'canary-header-4f1d9a',
  body: 'canary-body-8c2e7b',
  query: 'canary-query-1a6f3c',
} as const;
type StrategyName = keyof typeof canaries;
const strategyFor: Record<StrategyName, (key: KeySource) => AuthStrategy> = {
  header: (key) => new HeaderKeyStrategy({ key }),
  body: (key) => new BodyKeyStrategy({ key }),
  query: (key) => new QueryKeyStrategy({ key }),
};

/** The key as the hostile server saw it: header, query or JSON body. */
function keyIn(request: { url: string; headers: Record<string, unknown>; body: string }): string {
  const fromQuery = new URL(request.url, 'http://x').searchParams.get('key');
  const fromBody = request.body.startsWith('{')
    ? (JSON.parse(request.body).key as string | undefined)
    : undefined;
  return String(request.headers['x-api-key'] ?? fromQuery ?? fromBody ?? 'none');
}

let hostile: TestServer;
let elsewhere: TestServer;
beforeAll(async () => {
  elsewhere = await startServer((_request, response) => sendJson(response, 200, {}));
  // Echoes the key it received everywhere it can: body fields, headers, the Location URL.
  hostile = await startServer((request, response, received) => {
    const key = keyIn(received);
    const path = new URL(received.url, 'http://x').pathname;
    const status = Number(path.split('/')[2]);
    const echo = { code: `bad_${key}`, message: `The key ${key} was refused`, detail: { key, list: [key] } };
    const headers = { 'x-request-id': `req-${key}`, 'x-ratelimit-key': key, 'retry-after': '0' };
    if (path.startsWith('/status/')) return sendJson(response, status, echo, headers);
    if (path === '/redirect') {
      response.writeHead(307, { location: `${elsewhere.origin}/steal?key=${encodeURIComponent(key)}` }).end();
      return;
    }
    if (path === '/invalid') return sendJson(response, 200, { _id: key, models: key });
    if (path === '/large') return sendJson(response, 200, { key, padding: 'x'.repeat(4_096) });
    if (path === '/reset') {
      request.socket.destroy();
      return;
    }
    if (path === '/hang') return; // never answers: timeouts and aborts
    sendJson(response, 200, { ok: true });
  });
});
let renderingsChecked = 0;
let casesChecked = 0;
let watchedChecked = 0;
let rawResponsesChecked = 0;
afterAll(async () => {
  console.log(
    `secret canaries: ${casesChecked} errors across the header, body and query strategies, ${renderingsChecked} renderings checked ` +
      '(String, message, stack, JSON, inspect with and without custom inspect, console.error, each cause), 0 occurrences; ' +
      `${watchedChecked} calls' debug logs, hook views and spans, and ${rawResponsesChecked} raw responses, 0 occurrences`,
  );
  await hostile.close();
  await elsewhere.close();
});

// Everything the call's watchers were shown: debug log lines, every hook view, every span (its
// name, attributes, events and status). Reset by each transportFor().
let watched: string[] = [];
const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const record = (what: unknown) => watched.push(inspect(what, { depth: Infinity, showHidden: true }));
const logger: Logger = {
  debug: (fields, message) => record([message, fields]),
  info: (fields, message) => record([message, fields]),
  warn: (fields, message) => record([message, fields]),
  error: (fields, message) => record([message, fields]),
};
function everythingWatched(): string {
  const spans = exporter
    .getFinishedSpans()
    .map((span) => inspect([span.name, span.attributes, span.events, span.status], { depth: Infinity }));
  return [...watched, ...spans].join('\n');
}

function transportFor(strategy: StrategyName, key: KeySource = canaries[strategy]): Transport {
  watched = [];
  exporter.reset();
  return createTransport({
    provider: 'Hostile',
    baseUrl: hostile.origin,
    strategy: strategyFor[strategy](key),
    maxRetries: 0,
    timeout: 300,
    maxResponseBytes: 1_024,
    logger,
    logLevel: 'debug',
    hooks: { onRequest: record, onResponse: record, onRetry: record, onError: record, onKeyExpiring: record },
    openTelemetry: { tracerProvider },
  });
}

type Scenario = [string, new (...args: never[]) => KeygateError, (t: Transport) => Promise<unknown>];
const post = (t: Transport, path: string, extra: object = {}) =>
  t.request({ method: 'POST', path, json: { prompt: 'p' }, ...extra });

const scenarios: Scenario[] = [
  ['400', BadRequestError, (t) => post(t, 'status/400')],
  ['401', AuthenticationError, (t) => post(t, 'status/401')],
  ['402', InsufficientCreditsError, (t) => post(t, 'status/402')],
  ['403', PermissionDeniedError, (t) => post(t, 'status/403')],
  ['404', NotFoundError, (t) => post(t, 'status/404')],
  ['409', BadRequestError, (t) => post(t, 'status/409')],
  ['418', ApiError, (t) => post(t, 'status/418')],
  ['429', RateLimitError, (t) => post(t, 'status/429')],
  ['500', ServerError, (t) => post(t, 'status/500')],
  ['cross-origin redirect', RedirectError, (t) => post(t, 'redirect')],
  [
    'schema mismatch',
    ResponseValidationError,
    (t) => post(t, 'invalid', { schema: v.object({ _id: v.number() }) }),
  ],
  ['body over the cap', ResponseTooLargeError, (t) => post(t, 'large')],
  ['connection reset', ConnectionError, (t) => post(t, 'reset')],
  ['timeout', TimeoutError, (t) => post(t, 'hang')],
  [
    'abort with a reason quoting the key',
    AbortError,
    (t) => {
      const controller = new AbortController();
      setTimeout(
        () => controller.abort(new Error(`aborted while using ${Object.values(canaries).join(' ')}`)),
        30,
      );
      return post(t, 'hang', { signal: controller.signal });
    },
  ],
];

/** How many renderings `everyRendering` produced: six per link of the cause chain. */
function renderingCount(error: unknown): number {
  let links = 0;
  for (
    let link: unknown = error;
    link !== undefined && links < 10;
    link = (link as { cause?: unknown }).cause
  )
    links += 1;
  return links * 6;
}

function consoleErrorOutput(error: unknown): string {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  new Console({ stdout: stream, stderr: stream }).error(error);
  return Buffer.concat(chunks).toString('utf8');
}

describe('secret canaries: no error shows the key, however it is printed', () => {
  for (const strategy of Object.keys(canaries) as StrategyName[]) {
    for (const [label, errorClass, run] of scenarios) {
      it(`${strategy} strategy, ${label} → ${errorClass.name}`, async () => {
        const error = await run(transportFor(strategy)).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(errorClass);
        const shown = `${everyRendering(error)}\n${consoleErrorOutput(error)}`;
        expect(shown).not.toContain(canaries[strategy]);
        // The same call's log lines, hook views and spans.
        const logsAndSpans = everythingWatched();
        expect(logsAndSpans).toContain(`keygate: POST ${hostile.origin}`);
        expect(logsAndSpans).not.toContain(canaries[strategy]);
        watchedChecked += 1;
        casesChecked += 1;
        renderingsChecked += renderingCount(error) + 1;
      });
    }

    it(`${strategy} strategy: an invalid key (trailing newline) → ConfigurationError that does not quote it`, async () => {
      const error = await post(transportFor(strategy, `${canaries[strategy]}\n`), 'status/200').catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(`${everyRendering(error)}\n${consoleErrorOutput(error)}`).not.toContain(canaries[strategy]);
    });
  }

  for (const strategy of Object.keys(canaries) as StrategyName[]) {
    it(`${strategy} strategy: a success's raw response, logs and spans never show the key its headers echo`, async () => {
      const { response } = await post(transportFor(strategy), 'status/200').withResponse();
      expect(response.status).toBe(200);
      const raw = `${inspect(response, { depth: Infinity, showHidden: true })} ${JSON.stringify(response)} ${[
        ...response.headers,
      ].join(' ')} ${response.requestId}`;
      expect(raw).toContain('[REDACTED]');
      expect(raw).not.toContain(canaries[strategy]);
      expect(everythingWatched()).not.toContain(canaries[strategy]);
      rawResponsesChecked += 1;
    });
  }

  it('the hostile server really did receive and echo each key (the canaries were in play)', () => {
    const everything = hostile.everything();
    for (const key of Object.values(canaries)) expect(everything).toContain(key);
  });
});

describe('secret canaries: key pools and expiry warnings never show a key', () => {
  const dayMs = 86_400_000;
  for (const strategy of Object.keys(canaries) as StrategyName[]) {
    it(`${strategy} strategy: pool events, statuses, errors, logs and expiry warnings`, async () => {
      const keys = [canaries[strategy], `${canaries[strategy]}-second`];
      // Keys near their expiry, so every call also warns.
      const nearExpiry = (key: string) => ({
        issueKey: () => ({
          key,
          issuedAt: new Date(Date.now() - 89.5 * dayMs),
          maxAgeDays: 90,
          origin: 'test',
        }),
      });
      const shown: string[] = [];
      for (const path of ['status/401', 'status/402', 'status/429']) {
        const events: KeyPoolEvent[] = [];
        const pool = keyPool(keys.map(nearExpiry), { onEvent: (event) => events.push(event) });
        const transport = transportFor(strategy, pool);
        const errors = [];
        for (let call = 0; call < 3; call++)
          errors.push(await post(transport, path).catch((caught: unknown) => caught));
        if (path !== 'status/429') expect(isAllKeysUnavailableError(errors[2])).toBe(true);
        expect(events.length).toBeGreaterThan(0);
        shown.push(
          ...errors.map((error) => `${everyRendering(error)}\n${consoleErrorOutput(error)}`),
          inspect(events, { depth: Infinity, showHidden: true }),
          JSON.stringify(pool),
          inspect(pool, { depth: Infinity, showHidden: true }),
          everythingWatched(),
        );
      }
      const all = shown.join('\n');
      expect(all).toContain('expires in 0 day(s)');
      expect(all).toContain('invalid or expired (401)');
      expect(all).not.toContain(canaries[strategy]);
    });
  }
});
