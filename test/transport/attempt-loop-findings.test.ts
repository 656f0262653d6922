// Findings of the adversarial review that the attempt loop closes (issue 9, items 3, 4, 5 and 8).
import { afterEach, describe, expect, it } from 'vitest';
import {
  ApiError,
  ConnectionError,
  createTransport,
  HeaderKeyStrategy,
  RedirectError,
  ResponseTooLargeError,
  ServerError,
} from '../../src/index.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function serve(handler: Parameters<typeof startServer>[0]) {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}
const strategy = () => new HeaderKeyStrategy({ key: 'tl-test-key' });

describe('a custom fetch cannot forward the key (item 3)', () => {
  it('refuses an answer that a redirect-following fetch got from another origin, without reading it', async () => {
    const elsewhere = await serve((_request, response) => sendJson(response, 200, { stolen: true }));
    const api = await serve((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.origin}/grab` }).end();
    });
    // A user's fetch that ignores the init's redirect mode and follows everything.
    const following: typeof fetch = (input, init) =>
      fetch(input instanceof Request ? new Request(input, { redirect: 'follow' }) : input, {
        ...init,
        redirect: 'follow',
      });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: api.origin,
      strategy: strategy(),
      fetch: following,
    });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as RedirectError).message).toMatch(/must honour `redirect: 'manual'`/);
    expect((error as RedirectError).location).toBe(elsewhere.origin);
    expect(JSON.stringify(error)).not.toContain('stolen');
  });

  it('refuses a response whose url is on another origin even when it is not flagged redirected', async () => {
    const lying: typeof fetch = async () => {
      const response = new Response('{"ok":true}', {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
      Object.defineProperty(response, 'url', { value: 'https://evil.example.test/x' });
      return response;
    };
    const transport = createTransport({
      provider: 'Test',
      baseUrl: 'https://api.example.test',
      strategy: strategy(),
      fetch: lying,
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(RedirectError);
  });
});

describe('redirect chains (item 4)', () => {
  it('POST → 303 → GET → 301 is followed as a bodiless GET', async () => {
    const api = await serve((request, response) => {
      if (request.url === '/start') response.writeHead(303, { location: '/middle' }).end();
      else if (request.url === '/middle') response.writeHead(301, { location: '/end' }).end();
      else sendJson(response, 200, { method: request.method });
    });
    const transport = createTransport({ provider: 'Test', baseUrl: api.origin, strategy: strategy() });
    await expect(transport.request({ method: 'POST', path: 'start', json: { a: 1 } })).resolves.toEqual({
      method: 'GET',
    });
    expect(api.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      'POST /start {"a":1}',
      'GET /middle ',
      'GET /end ',
    ]);
  });

  it('a same-origin Location with user:pass@ is a RedirectError, not a ConnectionError', async () => {
    const api = await serve((request, response) => {
      if (request.url === '/x') {
        const { host } = request.headers;
        response.writeHead(302, { location: `http://user:pass@${host}/y` }).end();
      } else sendJson(response, 200, {});
    });
    const transport = createTransport({ provider: 'Test', baseUrl: api.origin, strategy: strategy() });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(everyRendering(error)).not.toMatch(/user:pass|tl-test-key/);
    expect(api.requests).toHaveLength(1);
  });
});

describe('maxResponseBytes caps error bodies too (item 5)', () => {
  it.each([true, false])(
    'a 500 with a huge body (content-length declared: %s) stops at the cap',
    async (declared) => {
      const big = 'x'.repeat(3 * 1024 * 1024);
      const api = await serve((_request, response) => {
        response.writeHead(500, declared ? { 'content-length': String(big.length) } : {});
        response.end(big);
      });
      const transport = createTransport({
        provider: 'Test',
        baseUrl: api.origin,
        strategy: strategy(),
        maxRetries: 0,
        maxResponseBytes: 1024 * 1024,
      });
      await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(
        ResponseTooLargeError,
      );
    },
  );

  it('an error keeps only a bounded excerpt of the body it reports', async () => {
    const api = await serve((_request, response) =>
      sendJson(response, 400, {
        message: 'bad',
        detail: 'y'.repeat(500_000),
        items: Array.from({ length: 5000 }, (_, i) => i),
      }),
    );
    const transport = createTransport({ provider: 'Test', baseUrl: api.origin, strategy: strategy() });
    const error = (await transport
      .request({ method: 'GET', path: 'x' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(JSON.stringify(error.body).length).toBeLessThan(64 * 1024);
    expect(error.message).toContain('bad');
  });

  it('a text error body is kept as a bounded excerpt', async () => {
    const api = await serve((_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html' }).end(`<html>${'z'.repeat(1_000_000)}</html>`);
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: api.origin,
      strategy: strategy(),
      maxRetries: 0,
    });
    const error = (await transport
      .request({ method: 'GET', path: 'x' })
      .catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(String(error.body).length).toBeLessThan(16 * 1024);
  });
});

describe("ConnectionError's message tells the truth about retries (item 8)", () => {
  /** Sends one call to a server that resets every connection; returns its error and the server. */
  async function againstResets(method: 'GET' | 'POST', maxRetries: number) {
    const api = await serve((request) => {
      request.socket.destroy();
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: api.origin,
      strategy: strategy(),
      maxRetries,
    });
    const call = method === 'POST' ? { method, path: 'x', json: {} } : { method, path: 'x' };
    const error = (await transport.request(call).catch((e: unknown) => e)) as Error;
    return { error, api };
  }

  it('maxRetries: 0 says it was not retried', async () => {
    const { error, api } = await againstResets('GET', 0);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/not retried \(maxRetries is 0\)/);
    expect(error.message).not.toMatch(/already retried/);
    expect(api.requests).toHaveLength(1);
  });

  it('a GET that kept failing says how many attempts were made', async () => {
    const { error, api } = await againstResets('GET', 2);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/3 attempts failed/);
    expect(api.requests).toHaveLength(3);
  });

  it('a POST says why it was not retried', async () => {
    const { error, api } = await againstResets('POST', 2);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(/POST is not retried after a connection failure/);
    expect(api.requests).toHaveLength(1);
  });
});
