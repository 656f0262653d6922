import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { cachedKey, type SecretFetchRequest } from '../../src/keys/cached.js';
import type { KeyIssuer, KeyRequest } from '../../src/keys/key-source.js';
import { HeaderKeyStrategy } from '../../src/strategies/header-key.js';
import { createTransport } from '../../src/transport/create-transport.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

const ask: KeyRequest = { refresh: false };

/** A secret manager under the test's control: each fetch waits until the test settles it. */
function secretStore() {
  const fetches: { signal: AbortSignal; settle: PromiseWithResolvers<string> }[] = [];
  const fetch = ({ signal }: SecretFetchRequest) => {
    const settle = Promise.withResolvers<string>();
    fetches.push({ signal, settle });
    return settle.promise;
  };
  return { fetch, fetches };
}

/** The key an issuer hands out, awaited. */
async function keyOf(source: KeyIssuer, request: KeyRequest = ask): Promise<string> {
  return (await source.issueKey(request)).key;
}

/** Lets pending promise callbacks run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('cachedKey', () => {
  let now = 1_000_000;
  beforeEach(() => {
    now = 1_000_000;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('README example: asks the secret manager once per ttlMs', async () => {
    let fetches = 0;
    const key = cachedKey(() => `tl-test-key-${++fetches}`, { ttlMs: 60_000 });
    await expect(keyOf(key)).resolves.toBe('tl-test-key-1');
    now += 59_999;
    await expect(keyOf(key)).resolves.toBe('tl-test-key-1');
    now += 1;
    await expect(keyOf(key)).resolves.toBe('tl-test-key-2');
    expect(fetches).toBe(2);
  });

  it('concurrent callers share one fetch', async () => {
    const store = secretStore();
    const key = cachedKey(store.fetch, { ttlMs: 60_000 });
    const keys = Array.from({ length: 100 }, () => keyOf(key));
    expect(store.fetches).toHaveLength(1);
    store.fetches[0]?.settle.resolve('tl-test-key');
    expect(new Set(await Promise.all(keys))).toEqual(new Set(['tl-test-key']));
  });

  it('refreshes ahead of expiry in the background, once, without making anyone wait', async () => {
    const store = secretStore();
    const key = cachedKey(store.fetch, { ttlMs: 60_000, refreshAheadMs: 10_000 });
    const first = keyOf(key);
    store.fetches[0]?.settle.resolve('tl-test-key-old');
    await first;
    now += 49_999;
    expect(key.issueKey(ask)).toMatchObject({ key: 'tl-test-key-old' });
    expect(store.fetches).toHaveLength(1);
    now += 1;
    // Answered synchronously from the cache while the background fetch is still pending.
    for (let i = 0; i < 10; i++) expect(key.issueKey(ask)).toMatchObject({ key: 'tl-test-key-old' });
    expect(store.fetches).toHaveLength(2);
    store.fetches[1]?.settle.resolve('tl-test-key-new');
    await settled();
    await expect(keyOf(key)).resolves.toBe('tl-test-key-new');
    expect(store.fetches).toHaveLength(2);
  });

  it('keeps the cached key when a background refresh fails, until it expires', async () => {
    const store = secretStore();
    const key = cachedKey(store.fetch, { ttlMs: 60_000, refreshAheadMs: 10_000 });
    const first = keyOf(key);
    store.fetches[0]?.settle.resolve('tl-test-key');
    await first;
    now += 55_000;
    await expect(keyOf(key)).resolves.toBe('tl-test-key');
    store.fetches[1]?.settle.reject(new Error('secrets manager throttled'));
    await settled();
    await expect(keyOf(key)).resolves.toBe('tl-test-key');
    now += 1000; // a failed background refresh is tried again a second later
    await expect(keyOf(key)).resolves.toBe('tl-test-key');
    expect(store.fetches).toHaveLength(3);
    store.fetches[2]?.settle.reject(new Error('secrets manager throttled'));
    await settled();
    now += 5000; // expired: the caller now waits for a fetch, and sees it fail
    const expired = keyOf(key);
    store.fetches[3]?.settle.reject(new Error('secrets manager throttled'));
    await expect(expired).rejects.toThrow('secrets manager throttled');
  });

  it('does not cache a failed fetch: the next call asks again', async () => {
    let fail = true;
    const key = cachedKey(
      () => {
        if (fail) throw new Error('vault sealed');
        return 'tl-test-key';
      },
      { ttlMs: 60_000 },
    );
    await expect(keyOf(key)).rejects.toThrow('vault sealed');
    fail = false;
    await expect(keyOf(key)).resolves.toBe('tl-test-key');
  });

  it('{ refresh: true } drops the cached key and fetches, once for concurrent callers', async () => {
    const store = secretStore();
    const key = cachedKey(store.fetch, { ttlMs: 60_000 });
    const first = keyOf(key);
    store.fetches[0]?.settle.resolve('tl-test-key-old');
    await first;
    const refreshed = [keyOf(key, { refresh: true }), keyOf(key, { refresh: true }), keyOf(key)];
    expect(store.fetches).toHaveLength(2);
    store.fetches[1]?.settle.resolve('tl-test-key-new');
    await expect(Promise.all(refreshed)).resolves.toEqual([
      'tl-test-key-new',
      'tl-test-key-new',
      'tl-test-key-new',
    ]);
    await expect(keyOf(key)).resolves.toBe('tl-test-key-new');
  });

  it('calls refused with a key already replaced get its replacement; a refused replacement is fetched anew', async () => {
    const refused = { status: 401, error: undefined, retryAfterMs: undefined, refreshRequested: true };
    let fetches = 0;
    const key = cachedKey(() => `tl-test-key-${++fetches}`, { ttlMs: 60_000 });
    const early = await key.issueKey(ask);
    const late = await key.issueKey(ask);
    // The attempt loop reports the refusal before it asks with { refresh: true }.
    expect(early.report?.(refused)).toBe(true);
    await expect(keyOf(key, { refresh: true })).resolves.toBe('tl-test-key-2');
    late.report?.(refused);
    await expect(keyOf(key, { refresh: true })).resolves.toBe('tl-test-key-2');
    expect(fetches).toBe(2);
    const replacement = await key.issueKey(ask);
    expect(replacement.report?.({ ...refused, status: 429, refreshRequested: false })).toBe(false);
    replacement.report?.(refused);
    await expect(keyOf(key, { refresh: true })).resolves.toBe('tl-test-key-3');
  });

  it('refuses a fetch that returns no key, and does not cache it', async () => {
    const answers: unknown[] = [undefined, '', 'tl-test-key'];
    const key = cachedKey(() => answers.shift() as string, { ttlMs: 60_000 });
    await expect(keyOf(key)).rejects.toThrow(/returned undefined instead of the key/);
    await expect(keyOf(key)).rejects.toThrow(/returned an empty string/);
    await expect(keyOf(key)).resolves.toBe('tl-test-key');
  });

  it('a caller whose signal aborts stops waiting; the shared fetch goes on for the others', async () => {
    const store = secretStore();
    const key = cachedKey(store.fetch, { ttlMs: 60_000 });
    const controller = new AbortController();
    const impatient = keyOf(key, { refresh: false, signal: controller.signal });
    const patient = keyOf(key);
    const reason = new Error('attempt timed out');
    controller.abort(reason);
    await expect(impatient).rejects.toBe(reason);
    expect(store.fetches[0]?.signal.aborted).toBe(false);
    store.fetches[0]?.settle.resolve('tl-test-key');
    await expect(patient).resolves.toBe('tl-test-key');
    expect(store.fetches).toHaveLength(1);
  });

  it.each([
    [{ ttlMs: 0 }, /ttlMs/],
    [{ ttlMs: 1.5 }, /ttlMs/],
    [{ ttlMs: Number.NaN }, /ttlMs/],
    [{} as { ttlMs: number }, /ttlMs/],
    [{ ttlMs: 1000, refreshAheadMs: -1 }, /refreshAheadMs/],
    [{ ttlMs: 1000, refreshAheadMs: 1000 }, /must be below `ttlMs`/],
    [{ ttlMs: 1000, fetchTimeoutMs: 0 }, /fetchTimeoutMs/],
    [{ ttlMs: 1000, fetchTimeoutMs: 2 ** 31 }, /fetchTimeoutMs/],
  ])('refuses options %o', (options, message) => {
    expect(() => cachedKey(() => 'tl-test-key', options)).toThrow(ConfigurationError);
    expect(() => cachedKey(() => 'tl-test-key', options)).toThrow(message);
  });
});

describe('cachedKey deadline', () => {
  it('gives up on a fetch after fetchTimeoutMs, aborts its signal, and asks again next time', async () => {
    const store = secretStore();
    const key = cachedKey(store.fetch, { ttlMs: 60_000, fetchTimeoutMs: 50 });
    const error = await keyOf(key).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('did not finish within 50 ms (`fetchTimeoutMs`)');
    expect(store.fetches[0]?.signal.aborted).toBe(true);
    const again = keyOf(key);
    expect(store.fetches).toHaveLength(2);
    store.fetches[1]?.settle.resolve('tl-test-key');
    await expect(again).resolves.toBe('tl-test-key');
  });
});

describe('cachedKey behind a transport', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('100 concurrent calls refused with a rotated key make exactly one refresh fetch, and all succeed', async () => {
    server = await startServer((request, response) => {
      setTimeout(() => {
        if (request.headers['x-api-key'] === 'tl-test-key-new') sendJson(response, 200, { ok: true });
        else sendJson(response, 401, { code: 'api_key_invalid', message: 'The API key is not valid.' });
      }, 20);
    });
    let stored = 'tl-test-key-old';
    let fetches = 0;
    const key = cachedKey(
      async () => {
        fetches++;
        await new Promise((resolve) => setTimeout(resolve, 30));
        return stored;
      },
      { ttlMs: 10 * 60_000 },
    );
    await keyOf(key); // cached: the old key
    stored = 'tl-test-key-new'; // rotated in the secret manager
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      refreshOnAuthError: true,
      strategy: new HeaderKeyStrategy({ key }),
    });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => transport.request({ method: 'POST', path: 'x', json: {} })),
    );
    expect(results).toEqual(Array.from({ length: 100 }, () => ({ ok: true })));
    expect(fetches).toBe(2); // the first fetch, and one refresh
    expect(server.requests).toHaveLength(200);
  });

  it('a failing secret manager fails the call with its reason, never a key', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { ok: true }));
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      strategy: new HeaderKeyStrategy({
        key: cachedKey(
          () => {
            throw new Error('AccessDeniedException: not authorized to GetSecretValue');
          },
          { ttlMs: 60_000 },
        ),
      }),
    });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('not authorized to GetSecretValue');
    expect(server.requests).toHaveLength(0);
    expect(everyRendering(error)).not.toContain('tl-test-key');
  });
});
