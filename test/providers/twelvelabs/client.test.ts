import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import { type AuthStrategy, ConfigurationError, QueryKeyStrategy } from '../../../src/index.js';
import { sendJson, startServer, type TestServer } from '../../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  delete process.env.TWELVE_LABS_API_KEY;
});

const page = { data: [], page_info: { page: 1, total_page: 1 } };

describe('TwelveLabsClient', () => {
  it('reads TWELVE_LABS_API_KEY per request by default', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, page));
    const tl = new TwelveLabsClient({ baseUrl: server.origin });
    process.env.TWELVE_LABS_API_KEY = 'tl-test-key-env';
    await tl.indexes.list();
    expect(server.requests[0]?.headers['x-api-key']).toBe('tl-test-key-env');
  });

  it('names apiKey and TWELVE_LABS_API_KEY when there is no key, and sends nothing', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, page));
    const error = await new TwelveLabsClient({ baseUrl: server.origin }).indexes
      .list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('pass `apiKey` or set TWELVE_LABS_API_KEY');
    expect(server.requests).toHaveLength(0);
  });

  it('composes with a custom AuthStrategy, which replaces the x-api-key header', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, page));
    const seen: string[] = [];
    const strategy: AuthStrategy = {
      name: 'proxy-token',
      authenticate(request) {
        seen.push(`${request.method} ${request.url.pathname}`);
        request.conceal('proxy-test-token');
        request.headers.set('authorization', 'Token proxy-test-token');
      },
    };
    await new TwelveLabsClient({ strategy, baseUrl: `${server.origin}/v1.3` }).indexes.list();
    expect(seen).toEqual(['GET /v1.3/indexes']);
    expect(server.requests[0]?.headers.authorization).toBe('Token proxy-test-token');
    expect(server.requests[0]?.headers['x-api-key']).toBeUndefined();
  });

  it('accepts a built-in strategy of another kind', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, page));
    await new TwelveLabsClient({
      strategy: new QueryKeyStrategy({ key: 'tl-test-key' }),
      baseUrl: server.origin,
    }).indexes.list();
    expect(server.requests[0]?.url).toBe('/indexes?key=tl-test-key');
  });

  it('refuses apiKey and strategy together, and an insecure baseUrl', () => {
    expect(() => new TwelveLabsClient({ apiKey: 'k', strategy: new QueryKeyStrategy({ key: 'k' }) })).toThrow(
      /either `apiKey` or `strategy`/,
    );
    expect(() => new TwelveLabsClient({ apiKey: 'k', baseUrl: 'http://api.twelvelabs.io/v1.3' })).toThrow(
      /https/,
    );
  });

  it('defaults to the production base URL', async () => {
    let seenUrl = '';
    const tl = new TwelveLabsClient({
      apiKey: 'tl-test-key',
      fetch: async (input) => {
        seenUrl = (input as Request).url;
        return new Response(JSON.stringify(page), { headers: { 'content-type': 'application/json' } });
      },
    });
    await tl.indexes.list();
    expect(seenUrl).toBe('https://api.twelvelabs.io/v1.3/indexes');
  });
});
