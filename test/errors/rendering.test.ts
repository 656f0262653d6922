import { Console } from 'node:console';
import { PassThrough } from 'node:stream';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError } from '../../src/errors/abort-error.js';
import { ApiError, type ApiErrorOptions } from '../../src/errors/api-error.js';
import { AuthenticationError } from '../../src/errors/authentication-error.js';
import { BadRequestError } from '../../src/errors/bad-request-error.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { ConnectionError } from '../../src/errors/connection-error.js';
import { InsufficientCreditsError } from '../../src/errors/insufficient-credits-error.js';
import { KeygateError, type KeygateErrorOptions } from '../../src/errors/keygate-error.js';
import { NotFoundError } from '../../src/errors/not-found-error.js';
import { PermissionDeniedError } from '../../src/errors/permission-denied-error.js';
import { RateLimitError } from '../../src/errors/rate-limit-error.js';
import { RedirectError } from '../../src/errors/redirect-error.js';
import { ResponseTooLargeError } from '../../src/errors/response-too-large-error.js';
import { ResponseValidationError } from '../../src/errors/response-validation-error.js';
import { ServerError } from '../../src/errors/server-error.js';
import { TimeoutError } from '../../src/errors/timeout-error.js';
import { HeaderKeyStrategy } from '../../src/strategies/header-key.js';
import { createTransport } from '../../src/transport/create-transport.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

/** Every way an error gets shown or copied; none may throw. */
const renderings: Record<string, (error: KeygateError) => unknown> = {
  'JSON.stringify': (error) => JSON.stringify(error),
  'util.inspect (depth ∞, hidden)': (error) =>
    inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
  String: (error) => String(error),
  structuredClone: (error) => structuredClone(error),
  'console.error': (error) => {
    const stream = new PassThrough();
    new Console({ stdout: stream, stderr: stream }).error(error);
    return stream.read();
  },
};

const api = (body: unknown): ApiErrorOptions => ({ status: 500, retryable: true, body });
/** One factory per error class; the API errors carry the body. */
const classes: Array<[string, (body: unknown, options: KeygateErrorOptions) => KeygateError]> = [
  ['KeygateError', (_body, options) => new KeygateError('failed', options)],
  ['AbortError', (_body, options) => new AbortError('aborted', options)],
  ['ConfigurationError', (_body, options) => new ConfigurationError('bad options', options)],
  ['ConnectionError', (_body, options) => new ConnectionError('no route', options)],
  ['TimeoutError', (_body, options) => new TimeoutError('slow', { ...options, timeoutMs: 5 })],
  ['RedirectError', (_body, options) => new RedirectError('moved', { ...options, status: 307 })],
  [
    'ResponseTooLargeError',
    (_body, options) => new ResponseTooLargeError('big', { ...options, limitBytes: 1 }),
  ],
  [
    'ResponseValidationError',
    (_body, options) =>
      new ResponseValidationError('shape', {
        ...options,
        status: 200,
        issues: [{ path: '', expected: 'object', received: 'string' }],
      }),
  ],
  ['ApiError', (body, options) => new ApiError('answered', { ...options, ...api(body) })],
  ['BadRequestError', (body, options) => new BadRequestError('bad', { ...options, ...api(body) })],
  ['AuthenticationError', (body, options) => new AuthenticationError('key', { ...options, ...api(body) })],
  [
    'InsufficientCreditsError',
    (body, options) => new InsufficientCreditsError('credits', { ...options, ...api(body) }),
  ],
  [
    'PermissionDeniedError',
    (body, options) => new PermissionDeniedError('denied', { ...options, ...api(body) }),
  ],
  ['NotFoundError', (body, options) => new NotFoundError('missing', { ...options, ...api(body) })],
  ['RateLimitError', (body, options) => new RateLimitError('slow down', { ...options, ...api(body) })],
  ['ServerError', (body, options) => new ServerError('down', { ...options, ...api(body) })],
];

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < levels; level++) value = { d: value };
  return value;
}

/** Hostile bodies (API errors only) and cause chains (every class), each built fresh. */
type Hostile = () => { body: unknown; cause?: (self: KeygateError) => unknown };
const hostileBodies: Array<[string, Hostile]> = [
  [
    'a cyclic body',
    () => {
      const body: Record<string, unknown> = { message: 'loop' };
      body.self = body;
      return { body };
    },
  ],
  ['a body 10,000 levels deep', () => ({ body: deep(10_000) })],
  [
    'a body with a getter that throws',
    () => {
      const body = {};
      Object.defineProperty(body, 'boom', {
        enumerable: true,
        get() {
          throw new Error('getter');
        },
      });
      return { body };
    },
  ],
  ['a body with BigInt values', () => ({ body: { balance: 10n ** 20n, list: [1n] } })],
];
const hostileCauses: Array<[string, Hostile]> = [
  [
    'a cyclic cause chain',
    () => ({ body: {}, cause: (self) => new KeygateError('caused by', { cause: self }) }),
  ],
  ['an error that is its own cause', () => ({ body: {}, cause: (self) => self })],
  [
    'a cause getter that throws',
    () => ({
      body: {},
      cause: (self) => {
        Object.defineProperty(self, 'cause', {
          configurable: true,
          get() {
            throw new Error('cause getter');
          },
        });
        return undefined;
      },
    }),
  ],
];

function build(factory: (typeof classes)[number][1], make: Hostile): KeygateError {
  const { body, cause } = make();
  const error = factory(body, { provider: 'Hostile' });
  const linked = cause?.(error);
  if (linked !== undefined) {
    Object.defineProperty(error, 'cause', { value: linked, configurable: true, writable: true });
  }
  return error;
}

describe('rendering an error never throws', () => {
  for (const [className, factory] of classes) {
    describe(className, () => {
      const cases =
        factory({}, {}) instanceof ApiError ? [...hostileBodies, ...hostileCauses] : hostileCauses;
      it.each(cases)('with %s', (_label, make) => {
        for (const [rendering, render] of Object.entries(renderings)) {
          const error = build(factory, make);
          expect(() => render(error), rendering).not.toThrow();
        }
      });
    });
  }

  it('shows a cycle in the body or the cause chain as [CIRCULAR]', () => {
    const body: Record<string, unknown> = { message: 'loop' };
    body.self = body;
    const error = new ServerError('down', api(body));
    const other = new KeygateError('other', { cause: error });
    Object.defineProperty(error, 'cause', { value: other, configurable: true, writable: true });
    const json = JSON.parse(JSON.stringify(error));
    expect(json.body).toEqual({ message: 'loop', self: '[CIRCULAR]' });
    expect(json.cause).toEqual({ name: 'KeygateError', message: 'other', cause: '[CIRCULAR]' });
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).toContain('[CIRCULAR ServerError]');
  });

  it('puts a bounded body in JSON and inspect output, whatever the body size', () => {
    const body = {
      items: Array.from({ length: 1_000_000 }, (_, index) => ({ index })),
      page: 'x'.repeat(1e6),
    };
    const error = new ServerError('down', api(body));
    expect(JSON.stringify(error).length).toBeLessThan(64 * 1024);
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY }).length).toBeLessThan(64 * 1024);
    expect(error.body).toBe(body); // the field itself is the caller's value, untouched
  });
});

describe('a key echoed deep in an error body', () => {
  const key = 'tl-test-key-deep-echo';
  let server: TestServer;
  beforeAll(async () => {
    // Echoes the key it received 100 levels down, past where the old walk stopped scrubbing.
    server = await startServer((_request, response, received) => {
      let body: unknown = { echo: String(received.headers['x-api-key']) };
      for (let level = 0; level < 100; level++) body = { nested: body };
      sendJson(response, 400, body);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('is in no rendering of the error', async () => {
    const transport = createTransport({
      provider: 'Hostile',
      baseUrl: server.origin,
      strategy: new HeaderKeyStrategy({ key }),
      maxRetries: 0,
    });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(server.everything()).toContain(key);
    expect(everyRendering(error)).not.toContain(key);
  });
});
