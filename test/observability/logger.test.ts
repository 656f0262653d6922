import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthenticationError } from '../../src/errors/authentication-error.js';
import type { CallTrace } from '../../src/observability/call-trace.js';
import { parseLogEnv } from '../../src/observability/log-level.js';
import { createObserver } from '../../src/observability/observer.js';
import type { Logger, ObservabilityOptions } from '../../src/observability/options.js';
import { REDACTED } from '../../src/transport/redact.js';
import { captureLogger, fakeCall, leakSpellings, playCall } from '../helpers/observed-call.js';

/** Starts one call on an observer built from `options` (tracing off) and returns its trace. */
function traceWith(options: ObservabilityOptions, env: NodeJS.ProcessEnv = {}) {
  const call = fakeCall();
  const observer = createObserver({ openTelemetry: false, ...options }, 'twelvelabs', env);
  const trace: CallTrace | undefined = observer?.start(call.start);
  return { trace, call };
}

function logCall(options: ObservabilityOptions, outcome: 'success' | 'failure', env: NodeJS.ProcessEnv = {}) {
  const { logger, lines } = captureLogger();
  const { trace, call } = traceWith({ logger, ...options }, env);
  if (trace !== undefined) playCall(trace, call.sent, outcome);
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('logger', () => {
  it('logs requests and answers at debug, retries and refreshes at info, in order', () => {
    const lines = logCall({ logLevel: 'debug' }, 'success');
    expect(lines.map(({ level, message }) => `${level} ${message}`)).toEqual([
      `debug keygate: GET https://api.example.test/v1.3/indexes/${REDACTED}/videos?page=2&q=a+b+c&key=${REDACTED}&sig=${REDACTED}`,
      expect.stringMatching(/^debug keygate: GET https:\/\/\S+ → 429$/),
      expect.stringMatching(/^info keygate: retrying GET https:\/\/\S+ in 250 ms \(rate_limit\)$/),
      expect.stringMatching(/^debug keygate: GET https:\/\/\S+ \(attempt 2\)$/),
      expect.stringMatching(/^debug keygate: GET https:\/\/\S+ → 401$/),
      expect.stringMatching(
        /^info keygate: twelvelabs refused the key; refreshing it for GET https:\/\/\S+$/,
      ),
      expect.stringMatching(/^debug keygate: GET https:\/\/\S+ \(attempt 3\)$/),
      expect.stringMatching(/^debug keygate: GET https:\/\/\S+ ✗ ConnectionError$/),
      expect.stringMatching(/^info keygate: retrying GET https:\/\/\S+ in 100 ms \(connection\)$/),
      expect.stringMatching(/^debug keygate: GET https:\/\/\S+ \(attempt 4\)$/),
      expect.stringMatching(/^debug keygate: GET https:\/\/\S+ → 200$/),
    ]);
  });

  it('gives flat, pino-friendly fields', () => {
    const lines = logCall({ logLevel: 'debug' }, 'success');
    expect(Object.keys(lines[0]?.fields ?? {})).toEqual(['provider', 'method', 'url', 'attempt']);
    expect(lines[1]?.fields).toMatchObject({
      provider: 'twelvelabs',
      method: 'GET',
      attempt: 1,
      status: 429,
      requestId: `req-${REDACTED}`,
      durationMs: expect.any(Number),
    });
    expect(lines[2]?.fields).toMatchObject({
      reason: 'rate_limit',
      waitMs: 250,
      status: 429,
      error: { name: 'RateLimitError', code: 'too_many_requests', status: 429 },
    });
    expect(lines[8]?.fields).toMatchObject({
      reason: 'connection',
      error: { name: 'ConnectionError', code: 'ECONNRESET' },
    });
  });

  it('warns once when the call fails for good, with name, code, status, request id and provider', () => {
    const lines = logCall({}, 'failure');
    const failure = lines.filter((line) => line.level === 'warn');
    expect(failure).toHaveLength(1);
    expect(failure[0]?.message).toMatch(/^keygate: GET https:\/\/\S+ failed: AuthenticationError \(401\)$/);
    expect(failure[0]?.fields).toMatchObject({
      provider: 'twelvelabs',
      attempt: 4,
      status: 401,
      requestId: `req-${REDACTED}`,
      durationMs: expect.any(Number),
      error: { name: 'AuthenticationError', code: 'api_key_invalid', status: 401 },
    });
  });

  it('never logs a key: not in messages, not in fields, at any level, success or failure', () => {
    const lines = [
      ...logCall({ logLevel: 'debug' }, 'success'),
      ...logCall({ logLevel: 'debug' }, 'failure'),
    ];
    expect(lines.length).toBeGreaterThan(20);
    const text = JSON.stringify(lines);
    for (const spelling of leakSpellings) expect(text).not.toContain(spelling);
  });

  it('scrubs an error message that still carries a concealed key', () => {
    const { logger, lines } = captureLogger();
    const { trace, call } = traceWith({ logger });
    const request = call.sent();
    const leaky = new AuthenticationError('key tl-test-key was refused', { status: 401, retryable: false });
    trace?.send(1, request);
    trace?.end({ attempts: 1, status: 401, error: leaky });
    expect(lines[0]?.fields.error).toMatchObject({ message: `key ${REDACTED} was refused` });
  });

  it.each([
    ['debug', ['debug', 'info', 'warn']],
    ['info', ['info', 'warn']],
    ['warn', ['warn']],
    ['error', []],
  ] as const)('at %s logs only %j', (logLevel, levels) => {
    const lines = logCall({ logLevel }, 'failure');
    expect([...new Set(lines.map((line) => line.level))]).toEqual(levels);
  });

  it('logs nothing at off, and then watches nothing', () => {
    expect(
      createObserver({ logger: captureLogger().logger, logLevel: 'off', openTelemetry: false }, 'x', {}),
    ).toBe(undefined);
  });

  it('keeps `this` for a logger whose methods are a class’s (like pino)', () => {
    class Collecting implements Logger {
      readonly seen: string[] = [];
      debug(_fields: Record<string, unknown>, message: string) {
        this.seen.push(message);
      }
      info = this.debug;
      warn = this.debug;
      error = this.debug;
    }
    const logger = new Collecting();
    const { trace, call } = traceWith({ logger, logLevel: 'debug' });
    trace?.send(1, call.sent());
    expect(logger.seen).toHaveLength(1);
  });

  it('ignores a logger that throws or rejects', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const throwing = () => {
        throw new Error('logger down');
      };
      const rejecting = () => Promise.reject(new Error('logger down'));
      for (const method of [throwing, rejecting]) {
        const logger = { debug: method, info: method, warn: method, error: method } as unknown as Logger;
        const { trace, call } = traceWith({ logger, logLevel: 'debug' });
        expect(trace).toBeDefined();
        if (trace) expect(() => playCall(trace, call.sent, 'failure')).not.toThrow();
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('writes JSON lines through pino at debug, with no key in them', () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
    const logger = pino({ level: 'debug' }, stream);
    const { trace, call } = traceWith({ logger, logLevel: 'debug' });
    if (trace) playCall(trace, call.sent, 'failure');
    const lines = chunks.join('').trim().split('\n');
    expect(lines.length).toBe(12);
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed[0]).toMatchObject({
      level: 20,
      provider: 'twelvelabs',
      attempt: 1,
      msg: expect.stringMatching(/^keygate: GET /),
    });
    expect(parsed.at(-1)).toMatchObject({ level: 40, status: 401, error: { name: 'AuthenticationError' } });
    for (const spelling of leakSpellings) expect(chunks.join('')).not.toContain(spelling);
  });
});

describe('level resolution', () => {
  const levelsLogged = (options: ObservabilityOptions, env: NodeJS.ProcessEnv) =>
    [...new Set(logCall(options, 'failure', env).map((line) => line.level))].join(',');

  it('defaults to info with a logger', () => {
    expect(levelsLogged({}, {})).toBe('info,warn');
  });

  it('takes KEYGATE_LOG, in any case, when no logLevel is given', () => {
    expect(levelsLogged({}, { KEYGATE_LOG: ' DEBUG ' })).toBe('debug,info,warn');
    expect(levelsLogged({}, { KEYGATE_LOG: 'off' })).toBe('');
  });

  it('prefers the logLevel option to KEYGATE_LOG', () => {
    expect(levelsLogged({ logLevel: 'warn' }, { KEYGATE_LOG: 'debug' })).toBe('warn');
  });

  it('ignores an unknown KEYGATE_LOG, with one process warning per value', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    expect(levelsLogged({}, { KEYGATE_LOG: 'verbose-test' })).toBe('info,warn');
    expect(parseLogEnv('verbose-test')).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('KEYGATE_LOG="verbose-test"');
    expect(parseLogEnv('')).toBeUndefined();
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('logs to console, message first, when KEYGATE_LOG asks and no logger is given', () => {
    const info = vi.spyOn(console, 'info').mockImplementation(() => {});
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    const { trace, call } = traceWith({}, { KEYGATE_LOG: 'info' });
    if (trace) playCall(trace, call.sent, 'failure');
    expect(debug).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledTimes(3);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatch(/^keygate: GET .* failed: AuthenticationError \(401\)$/);
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ status: 401 });
  });

  it('watches nothing without a logger, a level or KEYGATE_LOG', () => {
    expect(createObserver({ openTelemetry: false }, 'twelvelabs', {})).toBeUndefined();
    expect(createObserver({ openTelemetry: false }, 'twelvelabs', { KEYGATE_LOG: 'off' })).toBeUndefined();
  });
});
