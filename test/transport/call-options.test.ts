import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiPromise,
  ConfigurationError,
  ConnectionError,
  createTransport,
  HeaderKeyStrategy,
  isKeygateError,
  type KeygateError,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { keygateVersion } from '../../src/version.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

const key = 'tl-test-key';
// What a rejected call threw, with its fields readable (every call here rejects with a KeygateError).
const rejection = (call: Promise<unknown>) =>
  call.then(
    () => expect.unreachable('the call succeeded'),
    (error: unknown) => error as KeygateError & { timeoutMs?: number },
  );
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function transportFor(origin: string, extra: Record<string, unknown> = {}) {
  return createTransport({
    provider: 'TwelveLabs',
    baseUrl: `${origin}/v1.3`,
    strategy: new HeaderKeyStrategy({ key }),
    ...extra,
  });
}

describe('per-call options', () => {
  it('sends the call headers over the transport headers, and the strategy still places the key', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const transport = transportFor(server.origin, { headers: { 'x-team': 'search', 'x-trace': 'client' } });
    await transport.request({
      method: 'GET',
      path: 'indexes',
      headers: { 'x-trace': 'call', 'x-api-key': 'not-the-key' },
    });
    await transport.request({ method: 'GET', path: 'indexes' });
    const [first, second] = server.requests;
    expect(first?.headers['x-team']).toBe('search');
    expect(first?.headers['x-trace']).toBe('call');
    expect(first?.headers['x-api-key']).toBe(key);
    // The next call has the transport's headers again: a call's headers never stick.
    expect(second?.headers['x-trace']).toBe('client');
  });

  it('sends user-agent keygate/<version> node/<version>, overridable through headers', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    await transportFor(server.origin).request({ method: 'GET', path: 'indexes' });
    await transportFor(server.origin, { headers: { 'user-agent': 'my-service/2' } }).request({
      method: 'GET',
      path: 'indexes',
    });
    await transportFor(server.origin).request({
      method: 'GET',
      path: 'indexes',
      headers: { 'user-agent': 'one-call/1' },
    });
    expect(server.requests.map((r) => r.headers['user-agent'])).toEqual([
      `keygate/${keygateVersion} node/${process.versions.node}`,
      'my-service/2',
      'one-call/1',
    ]);
  });

  it('keeps the version constant equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(keygateVersion).toBe(pkg.version);
  });

  it('maxRetries per call overrides the transport default, both ways', async () => {
    server = await startServer((_request, response) => sendJson(response, 503, { message: 'busy' }));
    const transport = transportFor(server.origin, { maxRetries: 0 });
    await expect(transport.request({ method: 'GET', path: 'a', maxRetries: 2 })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(server.requests).toHaveLength(3);
    const generous = transportFor(server.origin, { maxRetries: 3 });
    await expect(generous.request({ method: 'GET', path: 'b', maxRetries: 0 })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(server.requests).toHaveLength(4);
  });

  it('timeout per call overrides the transport default', async () => {
    server = await startServer(() => undefined); // never answers
    const transport = transportFor(server.origin, { timeout: 60_000, maxRetries: 0 });
    const error = await rejection(transport.request({ method: 'GET', path: 'slow', timeout: 50 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(50);
  });

  it('refuses malformed per-call options before sending, naming the option and not the value', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const transport = transportFor(server.origin);
    const bad = [
      { maxRetries: -1 },
      { maxRetries: 1.5 },
      { maxRetries: 11 },
      { headers: { 'bad name': 'x' } },
      { headers: { 'x-ok': 'line\nbreak-secret-value' } },
    ];
    for (const options of bad) {
      const error = await rejection(transport.request({ method: 'GET', path: 'x', ...options } as never));
      expect(error, JSON.stringify(options)).toBeInstanceOf(ConfigurationError);
      expect(error.message).not.toContain('secret-value');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('refuses an idempotencyKey on a transport whose provider takes none (it would be silently ignored)', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const error = await rejection(
      transportFor(server.origin).request({ method: 'POST', path: 'x', json: {}, idempotencyKey: 'k-1' }),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/idempotencyKey/);
    expect(server.requests).toHaveLength(0);
  });

  it('sends an idempotencyKey in the provider header, the same on every retry, and retries the POST', async () => {
    let calls = 0;
    server = await startServer((request, response) => {
      calls += 1;
      if (calls === 1) {
        request.socket.destroy(); // the connection breaks: did the provider get the POST?
        return;
      }
      sendJson(response, 201, { ok: true });
    });
    const transport = transportFor(server.origin, { idempotencyHeader: 'Idempotency-Key' });
    await expect(
      transport.request({ method: 'POST', path: 'jobs', json: {}, idempotencyKey: 'job-42' }),
    ).resolves.toEqual({ ok: true });
    expect(calls).toBe(2);
    expect(server.requests.map((r) => r.headers['idempotency-key'])).toEqual(['job-42', 'job-42']);
  });

  it('does not retry a POST without an idempotency key after the connection broke', async () => {
    server = await startServer((request) => {
      request.socket.destroy();
    });
    const transport = transportFor(server.origin, { idempotencyHeader: 'Idempotency-Key' });
    await expect(transport.request({ method: 'POST', path: 'jobs', json: {} })).rejects.toBeInstanceOf(
      ConnectionError,
    );
  });
});

describe('withResponse()', () => {
  it('gives the typed data with the status, headers and request id of the answer', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 201, { _id: 'idx-1' }, { 'x-request-id': 'req-123', 'x-api-version': '1.3' }),
    );
    const call = transportFor(server.origin).request({ method: 'POST', path: 'indexes', json: {} });
    expect(call).toBeInstanceOf(ApiPromise);
    expect(call).toBeInstanceOf(Promise);
    const { data, response } = await call.withResponse();
    expect(data).toEqual({ _id: 'idx-1' });
    expect(response.status).toBe(201);
    expect(response.requestId).toBe('req-123');
    expect(response.headers.get('x-api-version')).toBe('1.3');
    // Awaiting the same call gives the data; the request went out once.
    await expect(call).resolves.toEqual({ _id: 'idx-1' });
    expect(server.requests).toHaveLength(1);
  });

  it('never shows a concealed key a server echoes in a response header', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, {}, { 'x-echo': `you sent ${key}`, 'x-request-id': key }),
    );
    const { response } = await transportFor(server.origin)
      .request({ method: 'GET', path: 'a' })
      .withResponse();
    expect(JSON.stringify(response)).not.toContain(key);
    expect([...response.headers.values()].join(' ')).not.toContain(key);
    expect(response.headers.get('x-echo')).toBe('you sent [REDACTED]');
    expect(response.requestId).toBe('[REDACTED]');
  });

  it('rejects withResponse() and the awaited promise with the same typed error, reported once', async () => {
    server = await startServer((_request, response) => sendJson(response, 404, { message: 'no such index' }));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const call = transportFor(server.origin, { maxRetries: 0 }).request({ method: 'GET', path: 'x' });
      const viaResponse = await rejection(call.withResponse());
      const viaAwait = await rejection(call);
      expect(viaResponse).toBe(viaAwait);
      expect(isKeygateError(viaAwait)).toBe(true);
      expect(viaAwait.provider).toBe('twelvelabs');
      // A call only awaited, or only asked withResponse(), leaves no stray rejection behind.
      await transportFor(server.origin, { maxRetries: 0 })
        .request({ method: 'GET', path: 'y' })
        .catch(() => {});
      await transportFor(server.origin, { maxRetries: 0 })
        .request({ method: 'GET', path: 'z' })
        .withResponse()
        .catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('provider identity', () => {
  it('sets error.provider to the id and keeps the display name in messages', async () => {
    server = await startServer((_request, response) => sendJson(response, 401, { code: 'api_key_invalid' }));
    const error = await rejection(transportFor(server.origin).request({ method: 'GET', path: 'x' }));
    expect(error.provider).toBe('twelvelabs');
    expect(error.message).toContain('TwelveLabs');
  });

  it('uses an explicit providerId, and refuses one that is not a lower-case word', async () => {
    server = await startServer((_request, response) => sendJson(response, 500, {}));
    const transport = transportFor(server.origin, { provider: 'Acme AI', providerId: 'acme', maxRetries: 0 });
    expect(transport.providerId).toBe('acme');
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toMatchObject({ provider: 'acme' });
    expect(transportFor(server.origin, { provider: 'Acme AI' }).providerId).toBe('acmeai');
    expect(() => transportFor('http://127.0.0.1:1', { providerId: 'Not An Id' })).toThrow(ConfigurationError);
  });

  it('gives construction errors the id too', () => {
    try {
      createTransport({
        provider: 'TwelveLabs',
        baseUrl: 'http://example.com',
        strategy: new HeaderKeyStrategy({ key }),
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).provider).toBe('twelvelabs');
    }
  });
});
