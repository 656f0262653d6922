import { describe, expect, it } from 'vitest';
import { isAuthenticationError } from '../../src/errors/guards.js';
import { createObserver } from '../../src/observability/observer.js';
import type {
  ErrorView,
  Hooks,
  RequestView,
  ResponseView,
  RetryView,
} from '../../src/observability/options.js';
import { REDACTED } from '../../src/transport/redact.js';
import { captureLogger, fakeCall, leakSpellings, playCall } from '../helpers/observed-call.js';

interface Seen {
  requests: RequestView[];
  responses: ResponseView[];
  retries: RetryView[];
  errors: ErrorView[];
}

function recordingHooks(): { hooks: Hooks; seen: Seen } {
  const seen: Seen = { requests: [], responses: [], retries: [], errors: [] };
  const hooks: Hooks = {
    onRequest: (view) => void seen.requests.push(view),
    onResponse: (view) => void seen.responses.push(view),
    onRetry: (view) => void seen.retries.push(view),
    onError: (view) => void seen.errors.push(view),
  };
  return { hooks, seen };
}

function hookCall(hooks: Hooks, outcome: 'success' | 'failure') {
  const call = fakeCall();
  const trace = createObserver({ hooks, openTelemetry: false }, 'twelvelabs', {})?.start(call.start);
  expect(trace).toBeDefined();
  if (trace) playCall(trace, call.sent, outcome);
}

describe('hooks', () => {
  it('docs example: counts answers by status', () => {
    const statuses: number[] = [];
    hookCall({ onResponse: ({ status }) => void statuses.push(status) }, 'success');
    expect(statuses).toEqual([429, 401, 200]);
  });

  it('sees each request, each answer, each retry and the final failure, redacted', () => {
    const { hooks, seen } = recordingHooks();
    hookCall(hooks, 'failure');
    expect(seen.requests.map((view) => view.attempt)).toEqual([1, 2, 3, 4]);
    expect(seen.responses.map((view) => view.status)).toEqual([429, 401, 401]);
    expect(seen.retries.map((view) => [view.reason, view.waitMs, view.attempt])).toEqual([
      ['rate_limit', 250, 1],
      ['connection', 100, 3],
    ]);
    expect(seen.errors).toHaveLength(1);
    const [failure] = seen.errors;
    expect(isAuthenticationError(failure?.error)).toBe(true);
    expect(failure).toMatchObject({ provider: 'twelvelabs', method: 'GET', attempt: 4 });
    expect(seen.requests[0]?.headers['x-api-key']).toBe(REDACTED);
    expect(seen.responses[0]?.responseHeaders['x-echo']).toBe(`your key is ${REDACTED}`);
  });

  it('never hands a hook a key', () => {
    const { hooks, seen } = recordingHooks();
    hookCall(hooks, 'success');
    hookCall(hooks, 'failure');
    const text = JSON.stringify(seen);
    expect(text).toContain(REDACTED);
    for (const spelling of leakSpellings) expect(text).not.toContain(spelling);
  });

  it('hands out frozen views', () => {
    const { hooks, seen } = recordingHooks();
    hookCall(hooks, 'failure');
    const views = [...seen.requests, ...seen.responses, ...seen.retries, ...seen.errors];
    for (const view of views) {
      expect(Object.isFrozen(view)).toBe(true);
      expect(Object.isFrozen(view.headers)).toBe(true);
    }
    expect(() => {
      (seen.requests[0] as { url: string }).url = 'changed';
    }).toThrow(TypeError);
  });

  it('ignores hooks that throw or reject, and the other watchers still see every event', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const { logger, lines } = captureLogger();
      const fail = () => {
        throw new Error('hook failed');
      };
      const reject = async () => {
        throw new Error('hook failed');
      };
      for (const hook of [fail, reject]) {
        const hooks: Hooks = { onRequest: hook, onResponse: hook, onRetry: hook, onError: hook };
        const call = fakeCall();
        const trace = createObserver(
          { hooks, logger, logLevel: 'debug', openTelemetry: false },
          'x',
          {},
        )?.start(call.start);
        if (trace) expect(() => playCall(trace, call.sent, 'failure')).not.toThrow();
      }
      expect(lines).toHaveLength(24);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('calls a hook as a method of its object', () => {
    const counter = {
      count: 0,
      onRequest(this: { count: number }) {
        this.count += 1;
      },
    };
    hookCall(counter, 'success');
    expect(counter.count).toBe(4);
  });

  it('does not call onError for a call that succeeds', () => {
    const { hooks, seen } = recordingHooks();
    hookCall(hooks, 'success');
    expect(seen.errors).toEqual([]);
  });
});
