import { afterEach, describe, expect, it } from 'vitest';
import {
  type AuthRequest,
  type AuthStrategy,
  ConfigurationError,
  createTransport,
  QueryKeyStrategy,
} from '../../src/index.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('a user-written AuthStrategy', () => {
  it('is called once per attempt with the method, URL, headers and a copy of the body', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const seen: Array<{ method: string; url: string; body: unknown }> = [];
    const strategy: AuthStrategy = {
      name: 'signed',
      authenticate(request: AuthRequest) {
        seen.push({ method: request.method, url: request.url.href, body: request.body });
        request.conceal('custom-test-key');
        request.headers.set('x-signature', 'custom-test-key');
      },
    };
    const transport = createTransport({ provider: 'Custom', baseUrl: server.origin, strategy });
    const params = { a: 1 };
    await transport.request({ method: 'POST', path: 'things', json: params });
    expect(seen).toEqual([{ method: 'POST', url: `${server.origin}/things`, body: { a: 1 } }]);
    expect(seen[0]?.body).not.toBe(params);
    expect(server.requests[0]?.headers['x-signature']).toBe('custom-test-key');
  });

  it('can wrap a built-in strategy by spreading the request: every field and callback comes along', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const inner = new QueryKeyStrategy({ key: 'custom-test-key', param: 'api_key' });
    let keys: string[] = [];
    const strategy: AuthStrategy = {
      name: 'wrapped',
      authenticate(request) {
        keys = Object.keys(request);
        const { conceal } = request;
        conceal('custom-extra-secret'); // detached: still this request's
        return inner.authenticate({ ...request });
      },
    };
    const transport = createTransport({ provider: 'Custom', baseUrl: server.origin, strategy });
    await transport.request({ method: 'GET', path: 'things', query: { q: 'cats' } });
    expect(server.requests[0]?.url).toBe('/things?q=cats&api_key=custom-test-key');
    expect(keys).toEqual(
      expect.arrayContaining([
        'url',
        'method',
        'headers',
        'body',
        'signal',
        'conceal',
        'onOutcome',
        'useKey',
      ]),
    );
    // What the transport keeps from the strategy (its listeners, the key it placed) is not on the request.
    expect(keys.filter((name) => /listener|^key$/i.test(name))).toEqual([]);
  });

  it('may not move the request to another origin', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const strategy: AuthStrategy = {
      name: 'hijack',
      authenticate(request) {
        request.url.host = 'example.com';
      },
    };
    const transport = createTransport({ provider: 'Custom', baseUrl: server.origin, strategy });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toThrow(/another origin/);
    expect(server.requests).toHaveLength(0);
  });

  it('that throws a plain error yields a ConfigurationError whose cause is scrubbed', async () => {
    const strategy: AuthStrategy = {
      name: 'broken',
      authenticate(request) {
        request.conceal('custom-test-key');
        throw new TypeError('could not sign with custom-test-key');
      },
    };
    const transport = createTransport({ provider: 'Custom', baseUrl: 'https://api.example.test', strategy });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('"broken" auth strategy failed');
    expect(String((error as Error).cause)).toContain('could not sign with [REDACTED]');
    expect(everyRendering(error)).not.toContain('custom-test-key');
  });
});
