import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, createTransport, QueryKeyStrategy } from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';
import { transportTo } from '../helpers/transport.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('QueryKeyStrategy', () => {
  it('sends the key as a query parameter beside the call query', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { ok: true }));
    const transport = createTransport({
      provider: 'Query',
      baseUrl: `${server.origin}/api`,
      strategy: new QueryKeyStrategy({ key: 'qk-test-key', param: 'api_key' }),
    });
    await transport.request({ method: 'GET', path: 'search', query: { q: 'cats' } });
    const url = new URL(server.requests[0]?.url ?? '', server.origin);
    expect(url.pathname).toBe('/api/search');
    expect(url.searchParams.get('q')).toBe('cats');
    expect(url.searchParams.get('api_key')).toBe('qk-test-key');
    expect(server.requests[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('leaves no parameter behind for the next call to the same path, with or without a query', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const transport = transportTo(server, new QueryKeyStrategy({ key: 'qk-test-key' }));
    await transport.request({ method: 'GET', path: 'items' });
    await transport.request({ method: 'GET', path: 'items', query: { page: 2 } });
    await transport.request({ method: 'GET', path: 'items', query: { page: undefined, tags: [] } });
    await transport.request({ method: 'GET', path: 'items' });
    expect(server.requests.map((request) => request.url)).toEqual([
      '/items?key=qk-test-key',
      '/items?page=2&key=qk-test-key',
      '/items?key=qk-test-key',
      '/items?key=qk-test-key',
    ]);
  });

  it('percent-encodes the key and sends it byte-exact', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const key = 'qk/test+key=&é';
    const transport = transportTo(server, new QueryKeyStrategy({ key }));
    await transport.request({ method: 'GET', path: 'x' });
    expect(new URL(server.requests[0]?.url ?? '', server.origin).searchParams.get('key')).toBe(key);
  });

  it('keeps the query string, and so the key, out of error messages', async () => {
    server = await startServer((_request, response) => sendJson(response, 404, { message: 'nope' }));
    const transport = transportTo(server, new QueryKeyStrategy({ key: 'qk-test-key' }));
    const error = (await transport
      .request({ method: 'GET', path: 'missing' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toContain(`GET ${server.origin}/missing`);
    expect(error.message).not.toContain('?');
    expect(error.message).not.toContain('qk-test-key');
  });
});
