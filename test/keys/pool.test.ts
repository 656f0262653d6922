import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AllKeysUnavailableError,
  AuthenticationError,
  createTransport,
  HeaderKeyStrategy,
  isAllKeysUnavailableError,
  type KeyPoolEvent,
  type KeyPoolOptions,
  type KeyRequest,
  type KeySource,
  keyFingerprint,
  keyPool,
  PermissionDeniedError,
  type RetryView,
  ServerError,
  type TransportOptions,
} from '../../src/index.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

/** What the loopback provider answers for each key: the pool's policy is decided by these. */
const answers: Record<string, { status: number; body: unknown; headers?: Record<string, string> }> = {
  'tl-test-key-ok': { status: 200, body: { ok: true } },
  'tl-test-key-ok-2': { status: 200, body: { ok: true } },
  'tl-test-key-ok-3': { status: 200, body: { ok: true } },
  'tl-test-key-bad': {
    status: 401,
    body: { code: 'api_key_invalid', message: 'API Key is either invalid or expired.' },
  },
  'tl-test-key-bad-2': {
    status: 401,
    body: { code: 'api_key_invalid', message: 'API Key is either invalid or expired.' },
  },
  'tl-test-key-broke': { status: 402, body: { message: 'Insufficient credits.' } },
  'tl-test-key-busy': {
    status: 429,
    body: { code: 'too_many_requests', message: 'Slow down.' },
    headers: { 'retry-after': '30' },
  },
  'tl-test-key-plan': { status: 403, body: { code: 'api_not_allowed', message: 'Not on your plan.' } },
  'tl-test-key-down': { status: 503, body: { message: 'Try later.' } },
};
const allKeys = Object.keys(answers);

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function provider(): Promise<TestServer> {
  server = await startServer((request, response) => {
    const key = String(request.headers['x-api-key']);
    const answer = answers[key] ?? answers['tl-test-key-bad'];
    sendJson(response, answer?.status ?? 401, answer?.body, answer?.headers ?? {});
  });
  return server;
}

/** The keys the provider saw, in order. */
const seen = (running: TestServer) => running.requests.map((request) => request.headers['x-api-key']);

function poolWithEvents(sources: KeySource[], options: KeyPoolOptions = {}) {
  const events: KeyPoolEvent[] = [];
  const pool = keyPool(sources, { ...options, onEvent: (event) => events.push(event) });
  return { pool, events };
}

function transportFor(running: TestServer, key: KeySource, options: Partial<TransportOptions> = {}) {
  return createTransport({
    provider: 'TwelveLabs',
    providerId: 'twelvelabs',
    baseUrl: running.origin,
    strategy: new HeaderKeyStrategy({ key }),
    openTelemetry: false,
    ...options,
  });
}

const fp = (key: string) => keyFingerprint(key, 'twelvelabs');

describe('keyPool: failover within one call', () => {
  it('a refused key is disabled and the same call goes on with the next key', async () => {
    const running = await provider();
    const { pool, events } = poolWithEvents(['tl-test-key-bad', 'tl-test-key-ok']);
    const retries: RetryView[] = [];
    const transport = transportFor(running, pool, { hooks: { onRetry: (view) => retries.push(view) } });
    await expect(transport.request({ method: 'POST', path: 'jobs', json: {} })).resolves.toEqual({
      ok: true,
    });
    expect(seen(running)).toEqual(['tl-test-key-bad', 'tl-test-key-ok']);
    // Even a POST is sent again: the provider did no work for a refused key.
    expect(retries.map((view) => [view.reason, view.waitMs, view.keyFingerprint])).toEqual([
      ['key', 0, fp('tl-test-key-bad')],
    ]);
    expect(events.map((event) => [event.type, event.fingerprint, event.member])).toEqual([
      ['disabled', fp('tl-test-key-bad'), 0],
    ]);
    // The next call goes straight to the working key.
    await transport.request({ method: 'GET', path: 'jobs' });
    expect(seen(running).slice(2)).toEqual(['tl-test-key-ok']);
    expect(pool.status().map((status) => status.state)).toEqual(['invalid', 'available']);
  });

  it('is bounded by maxRetries: with 0 the call ends with the refused key, the next call fails over', async () => {
    const running = await provider();
    const pool = keyPool(['tl-test-key-bad', 'tl-test-key-ok']);
    const transport = transportFor(running, pool, { maxRetries: 0 });
    const error = await transport.request({ method: 'GET', path: 'jobs' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).keyFingerprint).toBe(fp('tl-test-key-bad'));
    // Another key was still available, so this error does not say the pool is exhausted.
    expect((error as AuthenticationError).unavailableKeys).toBeUndefined();
    await expect(transport.request({ method: 'GET', path: 'jobs' })).resolves.toEqual({ ok: true });
  });

  it('a key without credits (402) is out for policy.noCreditsMs, then tried again', async () => {
    // Only the clock the pool reads is faked: a slow machine cannot outlast the 60 s between
    // the call and the status check, and the test need not wait them out.
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const running = await provider();
      const { pool, events } = poolWithEvents(['tl-test-key-broke', 'tl-test-key-ok'], {
        policy: { noCreditsMs: 60_000 },
      });
      const transport = transportFor(running, pool);
      const before = Date.now();
      await transport.request({ method: 'POST', path: 'jobs', json: {} });
      expect(seen(running)).toEqual(['tl-test-key-broke', 'tl-test-key-ok']);
      const [status] = pool.status();
      expect(status?.state).toBe('no_credits');
      expect(status?.until?.getTime()).toBe(before + 60_000);
      expect(events.map((event) => event.type)).toEqual(['no_credits']);
      vi.setSystemTime(before + 60_001);
      await transport.request({ method: 'GET', path: 'jobs' });
      // Its time is up: failover tries it first again (and it is out again).
      expect(seen(running).slice(2)).toEqual(['tl-test-key-broke', 'tl-test-key-ok']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('with noCreditsMs: Infinity a 402 key stays out until enable()', async () => {
    const running = await provider();
    const { pool, events } = poolWithEvents(['tl-test-key-broke', 'tl-test-key-ok'], {
      policy: { noCreditsMs: Number.POSITIVE_INFINITY },
    });
    const transport = transportFor(running, pool);
    await transport.request({ method: 'GET', path: 'jobs' });
    expect(pool.status()[0]).toMatchObject({ state: 'no_credits', until: undefined });
    expect(pool.enable(fp('tl-test-key-broke').split(':')[1] as string)).toBe(true);
    expect(pool.enable(0)).toBe(false);
    expect(pool.status()[0]?.state).toBe('available');
    expect(events.map((event) => event.type)).toEqual(['no_credits', 'enabled']);
    await transport.request({ method: 'GET', path: 'jobs' });
    expect(seen(running).slice(2, 3)).toEqual(['tl-test-key-broke']);
  });

  it('a rate-limited key (429) cools down for the provider’s wait while the call moves on at once', async () => {
    const running = await provider();
    const { pool, events } = poolWithEvents(['tl-test-key-busy', 'tl-test-key-ok']);
    const retries: RetryView[] = [];
    const transport = transportFor(running, pool, { hooks: { onRetry: (view) => retries.push(view) } });
    const before = Date.now();
    await transport.request({ method: 'POST', path: 'jobs', json: {} });
    expect(retries.map((view) => [view.reason, view.waitMs])).toEqual([['key', 0]]);
    expect(events[0]).toMatchObject({ type: 'cooling', fingerprint: fp('tl-test-key-busy') });
    expect(events[0]?.until?.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    await transport.request({ method: 'GET', path: 'jobs' });
    expect(seen(running)).toEqual(['tl-test-key-busy', 'tl-test-key-ok', 'tl-test-key-ok']);
  });

  it('when every key is rate-limited, the soonest-cooled key is still used and the provider decides', async () => {
    const running = await provider();
    const pool = keyPool(['tl-test-key-busy']);
    const transport = transportFor(running, pool, { maxRetries: 0 });
    await transport.request({ method: 'GET', path: 'jobs' }).catch(() => undefined);
    await transport.request({ method: 'GET', path: 'jobs' }).catch(() => undefined);
    // A cooling key is a last resort, not a ban: both calls reached the provider.
    expect(seen(running)).toEqual(['tl-test-key-busy', 'tl-test-key-busy']);
  });

  it('a 403 (a plan limit) and a 5xx leave the key alone', async () => {
    const running = await provider();
    const { pool, events } = poolWithEvents(['tl-test-key-plan', 'tl-test-key-ok']);
    const transport = transportFor(running, pool);
    await expect(transport.request({ method: 'GET', path: 'jobs' })).rejects.toBeInstanceOf(
      PermissionDeniedError,
    );
    expect(seen(running)).toEqual(['tl-test-key-plan']);

    const down = keyPool(['tl-test-key-down', 'tl-test-key-ok']);
    const downTransport = transportFor(running, down, { maxRetries: 1 });
    await expect(downTransport.request({ method: 'GET', path: 'jobs' })).rejects.toBeInstanceOf(ServerError);
    // Retried by the ordinary policy, with the same key: the outage is the provider's.
    expect(seen(running).slice(1)).toEqual(['tl-test-key-down', 'tl-test-key-down']);
    expect([...pool.status(), ...down.status()].map((status) => status.state)).toEqual([
      'available',
      'available',
      'available',
      'available',
    ]);
    expect(events).toEqual([]);
  });
});

describe('keyPool: when no key is left', () => {
  it('the call ends with the last key’s error and says why each key is out; the next call is not sent', async () => {
    const running = await provider();
    const { pool, events } = poolWithEvents(['tl-test-key-bad', 'tl-test-key-broke']);
    const transport = transportFor(running, pool);
    const error = await transport.request({ method: 'GET', path: 'jobs' }).catch((caught: unknown) => caught);
    expect(seen(running)).toEqual(['tl-test-key-bad', 'tl-test-key-broke']);
    expect((error as Error).name).toBe('InsufficientCreditsError');
    const unavailable = (error as AuthenticationError).unavailableKeys;
    expect(unavailable?.map((status) => [status.member, status.fingerprint, status.state])).toEqual([
      [0, fp('tl-test-key-bad'), 'invalid'],
      [1, fp('tl-test-key-broke'), 'no_credits'],
    ]);

    const exhausted = await transport
      .request({ method: 'GET', path: 'jobs' })
      .catch((caught: unknown) => caught);
    expect(seen(running)).toHaveLength(2);
    expect(exhausted).toBeInstanceOf(AllKeysUnavailableError);
    expect(isAllKeysUnavailableError(exhausted)).toBe(true);
    const all = exhausted as AllKeysUnavailableError;
    expect(all.provider).toBe('twelvelabs');
    expect(all.keys.map((status) => status.state)).toEqual(['invalid', 'no_credits']);
    expect(all.message).toContain(fp('tl-test-key-bad'));
    expect(all.message).toContain('invalid or expired (401)');
    expect(events.map((event) => event.type)).toEqual(['disabled', 'no_credits', 'exhausted']);
  });

  it('a member whose source fails is skipped, reported once, and listed as unresolved', async () => {
    const running = await provider();
    const failing = () => {
      throw new Error('vault sealed');
    };
    const { pool, events } = poolWithEvents([failing, 'tl-test-key-ok']);
    const transport = transportFor(running, pool);
    await transport.request({ method: 'GET', path: 'jobs' });
    await transport.request({ method: 'GET', path: 'jobs' });
    expect(seen(running)).toEqual(['tl-test-key-ok', 'tl-test-key-ok']);
    expect(events.map((event) => [event.type, event.member])).toEqual([['source_failed', 0]]);
    expect(pool.status()[0]).toMatchObject({ state: 'unresolved', fingerprint: undefined });
    expect(pool.status()[0]?.detail).toContain('vault sealed');
  });

  it('refuses an empty pool and a bad policy with a ConfigurationError', () => {
    expect(() => keyPool([])).toThrow(/non-empty array/);
    expect(() => keyPool(['tl-test-key-ok'], { policy: { noCreditsMs: -1 } })).toThrow(/noCreditsMs/);
    expect(() => keyPool(['tl-test-key-ok'], { strategy: 'random' as 'failover' })).toThrow(/round-robin/);
  });
});

describe('keyPool: rotation', () => {
  it('round-robin takes the next available key on each attempt', async () => {
    const running = await provider();
    const pool = keyPool(['tl-test-key-ok', 'tl-test-key-ok-2', 'tl-test-key-ok-3'], {
      strategy: 'round-robin',
    });
    const transport = transportFor(running, pool);
    for (let call = 0; call < 6; call++) await transport.request({ method: 'GET', path: 'jobs' });
    expect(seen(running)).toEqual([
      'tl-test-key-ok',
      'tl-test-key-ok-2',
      'tl-test-key-ok-3',
      'tl-test-key-ok',
      'tl-test-key-ok-2',
      'tl-test-key-ok-3',
    ]);
  });

  it('a refused member comes back by itself when its source gives another key (a rotated secret)', async () => {
    const running = await provider();
    let mounted = 'tl-test-key-bad';
    const pool = keyPool([() => mounted, 'tl-test-key-ok-2']);
    const transport = transportFor(running, pool);
    await transport.request({ method: 'GET', path: 'jobs' });
    expect(seen(running)).toEqual(['tl-test-key-bad', 'tl-test-key-ok-2']);
    mounted = 'tl-test-key-ok';
    await transport.request({ method: 'GET', path: 'jobs' });
    expect(seen(running).slice(2)).toEqual(['tl-test-key-ok']);
    expect(pool.status()[0]).toMatchObject({ state: 'available', fingerprint: fp('tl-test-key-ok') });
  });

  it('with refreshOnAuthError a refused member is asked once for a fresh key, shared by concurrent calls', async () => {
    const running = await provider();
    const asked: boolean[] = [];
    let current = 'tl-test-key-bad';
    const member = async ({ refresh }: KeyRequest) => {
      asked.push(refresh);
      if (refresh) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        current = 'tl-test-key-ok';
      }
      return current;
    };
    const pool = keyPool([member, 'tl-test-key-broke']);
    const transport = transportFor(running, pool, { refreshOnAuthError: true });
    const results = await Promise.all(
      Array.from({ length: 20 }, () => transport.request({ method: 'GET', path: 'jobs' })),
    );
    expect(results.every((result) => (result as { ok: boolean }).ok)).toBe(true);
    expect(asked.filter(Boolean)).toHaveLength(1);
  });

  it('the rollover recipe: the new key first, the old one behind it, no failed call', async () => {
    const running = await provider();
    // Day 0: the new key was created but mistyped in the deployment; the old key carries on.
    const pool = keyPool(['tl-test-key-typo', 'tl-test-key-ok']);
    const transport = transportFor(running, pool);
    await expect(transport.request({ method: 'GET', path: 'jobs' })).resolves.toEqual({ ok: true });
    expect(pool.status().map((status) => status.state)).toEqual(['invalid', 'available']);
  });
});

describe('keyPool: secrets', () => {
  it('no key appears in any event, status, error or log line', async () => {
    const running = await provider();
    const events: KeyPoolEvent[] = [];
    const lines: string[] = [];
    const log = (fields: Record<string, unknown>, message: string) =>
      lines.push(`${message} ${JSON.stringify(fields)}`);
    const pool = keyPool(['tl-test-key-busy', 'tl-test-key-bad', 'tl-test-key-broke', 'tl-test-key-plan'], {
      onEvent: (event) => events.push(event),
    });
    const transport = transportFor(running, pool, {
      logger: { debug: log, info: log, warn: log, error: log },
      logLevel: 'debug',
    });
    const errors: unknown[] = [];
    for (let call = 0; call < 3; call++) {
      errors.push(
        await transport.request({ method: 'GET', path: 'jobs' }).catch((caught: unknown) => caught),
      );
    }
    const shown = [
      JSON.stringify(events),
      events.map((event) => event.message).join('\n'),
      inspect(pool, { depth: 5 }),
      JSON.stringify(pool),
      JSON.stringify(pool.status()),
      lines.join('\n'),
      ...errors.map(everyRendering),
    ].join('\n');
    expect(lines.some((line) => line.includes(fp('tl-test-key-bad')))).toBe(true);
    for (const key of allKeys) expect(shown).not.toContain(key);
  });
});
