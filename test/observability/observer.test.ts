import { describe, expect, it } from 'vitest';
import { isConfigurationError } from '../../src/errors/guards.js';
import type { Observer } from '../../src/observability/call-trace.js';
import { createObserver } from '../../src/observability/observer.js';
import type { ObservabilityOptions } from '../../src/observability/options.js';
import { captureLogger, fakeCall, playCall } from '../helpers/observed-call.js';

/** The error `createObserver` throws for `options`, or `undefined`. */
function refusal(options: unknown): unknown {
  try {
    createObserver(options as ObservabilityOptions, 'twelvelabs', {});
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('createObserver', () => {
  it('returns undefined when nothing watches, so the attempt loop does no work', () => {
    expect(createObserver({ openTelemetry: false }, 'twelvelabs', {})).toBeUndefined();
    expect(createObserver({ hooks: {}, openTelemetry: false }, 'twelvelabs', {})).toBeUndefined();
    expect(createObserver({ hooks: { onRequest: undefined }, openTelemetry: false }, 'twelvelabs', {})).toBe(
      undefined,
    );
  });

  it('has no `ready` without tracing, and a `ready` that resolves with it', async () => {
    const { logger } = captureLogger();
    expect(createObserver({ logger, openTelemetry: false }, 'twelvelabs', {})).not.toHaveProperty('ready');
    const traced = createObserver({ logger }, 'twelvelabs', {}) as Observer;
    await expect(traced.ready).resolves.toBeUndefined();
  });

  it('reads the environment when none is passed', () => {
    const before = process.env.KEYGATE_LOG;
    process.env.KEYGATE_LOG = 'off';
    try {
      expect(createObserver({ logger: captureLogger().logger, openTelemetry: false }, 'twelvelabs')).toBe(
        undefined,
      );
    } finally {
      if (before === undefined) delete process.env.KEYGATE_LOG;
      else process.env.KEYGATE_LOG = before;
    }
  });

  it.each([
    [
      'a logger missing a method',
      { logger: { debug() {}, info() {}, warn() {} } },
      /`logger`.*missing: error/,
    ],
    ['a logger that is a string', { logger: 'console' }, /`logger` must have debug, info, warn and error/],
    ['an unknown logLevel', { logLevel: 'verbose' }, /`logLevel` must be one of .* got "verbose"/],
    ['a hook that is not a function', { hooks: { onError: 'log' } }, /`hooks.onError` must be a function/],
    ['a misspelt hook', { hooks: { onReqeust() {} } }, /`hooks.onReqeust` is not a keygate hook/],
    ['hooks that are not an object', { hooks: 5 }, /`hooks` must be an object/],
    [
      'an openTelemetry without a tracer provider',
      { openTelemetry: {} },
      /`openTelemetry` must be true, false/,
    ],
  ])('refuses %s with a ConfigurationError naming the option', (_case, options, message) => {
    const error = refusal(options);
    expect(isConfigurationError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^twelvelabs: /);
    expect((error as Error).message).toMatch(message);
  });

  it('accepts console as a logger', () => {
    expect(refusal({ logger: console, logLevel: 'off' })).toBeUndefined();
  });

  it('starts a fresh trace per call, and keeps calls apart', () => {
    const { logger, lines } = captureLogger();
    const observer = createObserver({ logger, logLevel: 'debug', openTelemetry: false }, 'twelvelabs', {});
    const first = fakeCall();
    const second = fakeCall();
    const a = observer?.start(first.start);
    const b = observer?.start({ ...second.start, method: 'POST' });
    expect(a).not.toBe(b);
    if (a && b) {
      playCall(b, () => ({ ...second.sent(), method: 'POST' }), 'failure');
      playCall(a, first.sent, 'success');
    }
    expect(lines.filter((line) => line.fields.method === 'POST' && line.level === 'warn')).toHaveLength(1);
    expect(lines.filter((line) => line.level === 'warn')).toHaveLength(1);
  });

  it('swallows a failure while building a view, so the trace never throws into the loop', () => {
    const { logger, lines } = captureLogger();
    const trace = createObserver({ logger, logLevel: 'debug', openTelemetry: false }, 'x', {})?.start(
      fakeCall().start,
    );
    const hostile = new Headers();
    Object.defineProperty(hostile, Symbol.iterator, {
      value: () => {
        throw new Error('hostile headers');
      },
    });
    expect(() =>
      trace?.send(1, { method: 'GET', url: new URL('https://api.example.test/'), headers: hostile }),
    ).not.toThrow();
    expect(lines).toEqual([]);
  });
});
