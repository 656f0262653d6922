import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, createTransport, HeaderKeyStrategy } from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';
import { transportTo } from '../helpers/transport.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('HeaderKeyStrategy', () => {
  it('README example: sends the key in x-api-key', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { data: [] }));
    const transport = createTransport({
      provider: 'TwelveLabs',
      baseUrl: `${server.origin}/v1.3`,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
    });
    const page = await transport.request({ method: 'GET', path: 'indexes', query: { page_limit: 1 } });
    expect(page).toEqual({ data: [] });
    expect(server.requests[0]?.url).toBe('/v1.3/indexes?page_limit=1');
    expect(server.requests[0]?.headers['x-api-key']).toBe('tl-test-key');
  });

  it('gives bearer auth with header authorization and prefix "Bearer "', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const transport = transportTo(
      server,
      new HeaderKeyStrategy({ key: 'bk-test-key', header: 'authorization', prefix: 'Bearer ' }),
    );
    await transport.request({ method: 'POST', path: 'things', json: { a: 1 } });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer bk-test-key');
    expect(server.requests[0]?.headers['x-api-key']).toBeUndefined();
    expect(server.requests[0]?.body).toBe('{"a":1}');
  });

  it('puts the key nowhere but the header', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const transport = transportTo(server, new HeaderKeyStrategy({ key: 'tl-test-key' }));
    await transport.request({ method: 'POST', path: 'x', json: { prompt: 'p' }, query: { a: 'b' } });
    const [received] = server.requests;
    expect(received?.url).not.toContain('tl-test-key');
    expect(received?.body).not.toContain('tl-test-key');
  });

  it('refuses an invalid header name or prefix when constructed', () => {
    expect(() => new HeaderKeyStrategy({ key: 'k', header: 'x api key' })).toThrow(ConfigurationError);
    expect(() => new HeaderKeyStrategy({ key: 'k', prefix: 'Bearer\n' })).toThrow(ConfigurationError);
  });

  it('refuses a non-ASCII key before anything is sent', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const transport = transportTo(server, new HeaderKeyStrategy({ key: 'tl-tëst-key' }));
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toThrow(ConfigurationError);
    expect(server.requests).toHaveLength(0);
  });

  it('asks a function source on every call, so a rotated key applies at once', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    let current = 'tl-test-key-1';
    const transport = transportTo(server, new HeaderKeyStrategy({ key: () => current }));
    await transport.request({ method: 'GET', path: 'x' });
    current = 'tl-test-key-2';
    await transport.request({ method: 'GET', path: 'x' });
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual(['tl-test-key-1', 'tl-test-key-2']);
  });
});
