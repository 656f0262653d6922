import fc from 'fast-check';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyModelsLabResponse } from '../../providers/modelslab/index.js';
import { classifyTwelveLabsResponse } from '../../providers/twelvelabs/index.js';
import {
  type AuthStrategy,
  BodyKeyStrategy,
  ConfigurationError,
  createTransport,
  HeaderKeyStrategy,
  isKeygateError,
  QueryKeyStrategy,
  validateKey,
} from '../../src/index.js';
import { startServer, type TestServer } from '../helpers/server.js';

/** What the fuzzing server answers next. */
interface Scripted {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  truncate: boolean;
}

let server: TestServer;
let next: Scripted;
let unhandled = 0;
const onUnhandled = () => {
  unhandled += 1;
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startServer((_request, response) => {
    const { status, headers, body, truncate } = next;
    if (truncate) {
      // Promise more than is sent, then drop the connection mid-body.
      response.writeHead(status, { ...headers, 'content-length': String(body.length + 100) });
      response.write(body);
      response.socket?.destroy();
      return;
    }
    response.writeHead(status, headers).end(body);
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await server.close();
});

const encoder = new TextEncoder();
const bodyArbitrary = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.jsonValue().map((value) => encoder.encode(JSON.stringify(value) ?? '')),
  fc
    .constantFrom(
      '',
      '<html><body>502 Bad Gateway</body></html>',
      '{"status":"error","messege":"Invalid Api Key"}',
      '{"data":',
    )
    .map((text) => encoder.encode(text)),
  fc
    .record({
      status: fc.constantFrom('error', 'failed', 'processing', 'success'),
      message: fc.string(),
      id: fc.oneof(fc.integer(), fc.string()),
    })
    .map((value) => encoder.encode(JSON.stringify(value))),
  fc.constant(encoder.encode(JSON.stringify({ big: 'x'.repeat(10_000) }))),
);
const headersArbitrary = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'text/html',
      'text/plain',
      'application/problem+json; charset=utf-8',
    ),
    'retry-after': fc.oneof(
      fc.constantFrom('0', '1', '120', 'soon', 'Wed, 21 Oct 2015 07:28:00 GMT'),
      fc.nat({ max: 3 }).map(String),
    ),
    'x-request-id': fc.stringMatching(/^[A-Za-z0-9-]{0,20}$/),
  },
  { requiredKeys: [] },
);
// Statuses Node can send as a final answer: 200-599 (3xx with or without a Location).
const statusArbitrary = fc.oneof(
  fc.integer({ min: 200, max: 599 }),
  fc.constantFrom(200, 201, 204, 301, 304, 400, 401, 402, 403, 404, 429, 500, 502, 503),
);

describe('fuzzed responses', () => {
  it('every call settles with a result or a KeygateError, never an untyped error or an unhandled rejection', async () => {
    const outcomes = new Map<string, number>();
    const count = (name: string) => outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
    const schema = v.looseObject({ data: v.array(v.looseObject({ _id: v.string() })) });
    await fc.assert(
      fc.asyncProperty(
        statusArbitrary,
        headersArbitrary,
        bodyArbitrary,
        // One answer in five is cut off mid-body.
        fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
        fc.constantFrom('twelvelabs', 'modelslab', 'none'),
        fc.boolean(),
        async (status, headers, body, truncate, provider, withSchema) => {
          next = { status, headers, body, truncate };
          const transport = createTransport({
            provider: 'Fuzz',
            baseUrl: server.origin,
            strategy: new HeaderKeyStrategy({ key: 'tl-fuzz-key' }),
            maxRetries: 0,
            timeout: 2_000,
            maxResponseBytes: 4_096,
            ...(provider === 'twelvelabs' ? { classify: classifyTwelveLabsResponse } : {}),
            ...(provider === 'modelslab' ? { classify: classifyModelsLabResponse } : {}),
          });
          try {
            await transport.request({ method: 'GET', path: 'fuzz', ...(withSchema ? { schema } : {}) });
            count('result');
          } catch (error) {
            if (!isKeygateError(error)) throw new Error(`untyped error: ${String(error)}`);
            expect(JSON.stringify(error)).not.toContain('tl-fuzz-key');
            count(error.name);
          }
        },
      ),
      { numRuns: 400, seed: 20261122 },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(unhandled).toBe(0);
    const total = [...outcomes.values()].reduce((sum, n) => sum + n, 0);
    console.log(
      `fuzzed responses: ${total} runs settled, untyped 0, unhandled rejections ${unhandled}; ` +
        [...outcomes.entries()]
          .sort()
          .map(([name, n]) => `${name} ${n}`)
          .join(', '),
    );
  });
});

describe('fuzzed keys', () => {
  const placements: Record<'header' | 'body' | 'query', (key: string) => AuthStrategy> = {
    header: (key) => new HeaderKeyStrategy({ key }),
    body: (key) => new BodyKeyStrategy({ key }),
    query: (key) => new QueryKeyStrategy({ key }),
  };

  it('valid keys arrive byte-exact; invalid ones are refused before the network', async () => {
    let sent = 0;
    let refused = 0;
    next = {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: encoder.encode('{}'),
      truncate: false,
    };
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }),
        ),
        fc.constantFrom('header', 'body', 'query' as const),
        async (key, placement) => {
          const before = server.requests.length;
          const transport = createTransport({
            provider: 'Fuzz',
            baseUrl: server.origin,
            strategy: placements[placement](key),
            maxRetries: 0,
          });
          let valid = true;
          try {
            validateKey(key, placement);
          } catch {
            valid = false;
          }
          const outcome = await transport.request({ method: 'POST', path: 'keys', json: {} }).then(
            () => undefined,
            (error: unknown) => error,
          );
          if (!valid) {
            expect(outcome).toBeInstanceOf(ConfigurationError);
            expect(server.requests.length).toBe(before);
            refused += 1;
            return;
          }
          expect(outcome).toBeUndefined();
          const received = server.requests.at(-1);
          const arrived =
            placement === 'header'
              ? received?.headers['x-api-key']
              : placement === 'body'
                ? JSON.parse(received?.body ?? '{}').key
                : new URL(received?.url ?? '', 'http://x').searchParams.get('key');
          expect(arrived).toBe(key);
          sent += 1;
        },
      ),
      { numRuns: 300, seed: 7 },
    );
    console.log(
      `fuzzed keys: ${sent + refused} keys, ${sent} sent byte-exact, ${refused} refused before sending`,
    );
    expect(sent).toBeGreaterThan(50);
    expect(refused).toBeGreaterThan(20);
  });
});
