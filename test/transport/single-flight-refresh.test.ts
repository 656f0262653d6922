import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BodyKeyStrategy,
  ConfigurationError,
  createTransport,
  HeaderKeyStrategy,
  type KeyRequest,
  QueryKeyStrategy,
} from '../../src/index.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Accepts only `tl-test-key-new` (header, body or query); answers after `delayMs`. */
function acceptsNewKeyOnly(delayMs = 0) {
  return startServer((request, response, received) => {
    const presented =
      request.headers['x-api-key'] ??
      new URL(received.url, 'http://x').searchParams.get('key') ??
      (received.body ? (JSON.parse(received.body) as { key?: string }).key : undefined);
    setTimeout(() => {
      if (presented === 'tl-test-key-new') sendJson(response, 200, { ok: true });
      else sendJson(response, 401, { code: 'api_key_invalid', message: 'The API key is not valid.' });
    }, delayMs);
  });
}

/** A key source like a secret-store cache: the cached key until asked to refresh. */
function rotatingSource() {
  const asked: boolean[] = [];
  let current = 'tl-test-key-old';
  const source = async ({ refresh }: KeyRequest) => {
    asked.push(refresh);
    if (refresh) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      current = 'tl-test-key-new';
    }
    return current;
  };
  return { source, refreshes: () => asked.filter(Boolean).length };
}

describe('single-flight key refresh', () => {
  it.each([
    ['header', (key: () => Promise<string>) => new HeaderKeyStrategy({ key })],
    ['query', (key: () => Promise<string>) => new QueryKeyStrategy({ key })],
    ['body', (key: () => Promise<string>) => new BodyKeyStrategy({ key })],
  ])('100 concurrent calls refused with the same %s key make exactly one refresh', async (_name, make) => {
    server = await acceptsNewKeyOnly(20);
    const { source, refreshes } = rotatingSource();
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      refreshOnAuthError: true,
      strategy: make(source as () => Promise<string>),
    });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => transport.request({ method: 'POST', path: 'x', json: {} })),
    );
    expect(results.every((r) => (r as { ok: boolean }).ok)).toBe(true);
    expect(refreshes()).toBe(1);
    expect(server.requests).toHaveLength(200);
  });

  it('a 401 that arrives after the refresh finished resends with the new key, without another refresh', async () => {
    let slowFirst = true;
    server = await startServer((request, response) => {
      const ok = request.headers['x-api-key'] === 'tl-test-key-new';
      const delay = !ok && slowFirst ? 200 : 0;
      if (!ok) slowFirst = false;
      setTimeout(() => (ok ? sendJson(response, 200, { ok: true }) : sendJson(response, 401, {})), delay);
    });
    const { source, refreshes } = rotatingSource();
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      refreshOnAuthError: true,
      strategy: new HeaderKeyStrategy({ key: source }),
    });
    const late = transport.request({ method: 'GET', path: 'slow' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(transport.request({ method: 'GET', path: 'fast' })).resolves.toEqual({ ok: true });
    await expect(late).resolves.toEqual({ ok: true });
    expect(refreshes()).toBe(1);
  });

  it('a plain string key is not "refreshed": the 401 is reported at once, after one request', async () => {
    server = await acceptsNewKeyOnly();
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      refreshOnAuthError: true,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key-old' }),
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(1);
  });

  it('a refresh that fails ends the waiting calls with its error, and the next 401 tries again', async () => {
    server = await acceptsNewKeyOnly();
    let fail = true;
    let refreshes = 0;
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      refreshOnAuthError: true,
      strategy: new HeaderKeyStrategy({
        key: ({ refresh }) => {
          if (!refresh) return 'tl-test-key-old';
          refreshes++;
          if (fail) throw new Error('secret store unavailable');
          return 'tl-test-key-new';
        },
      }),
    });
    const first = await Promise.all(
      Array.from({ length: 5 }, () =>
        transport.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e),
      ),
    );
    expect(first.every((e) => e instanceof ConfigurationError)).toBe(true);
    expect(refreshes).toBe(1);
    fail = false;
    await expect(transport.request({ method: 'GET', path: 'x' })).resolves.toEqual({ ok: true });
    expect(refreshes).toBe(2);
    expect(first.map(everyRendering).join('\n')).not.toContain('tl-test-key');
  });
});
