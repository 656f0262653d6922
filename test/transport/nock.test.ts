import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BodyKeyStrategy,
  ConnectionError,
  createTransport,
  HeaderKeyStrategy,
  ServerError,
} from '../../src/index.js';
import { useNock } from '../helpers/no-network.js';
import { everyRendering } from '../helpers/secrets.js';

useNock();

describe('against nock (HTTPS base URLs, no network)', () => {
  it('sends the header key to an https API and maps its 401', async () => {
    const scope = nock('https://api.example.test', { reqheaders: { 'x-api-key': 'tl-test-key' } })
      .get('/v1/indexes')
      .reply(401, { code: 'api_key_invalid', message: 'The API key is invalid.' });
    const transport = createTransport({
      provider: 'Nocked',
      baseUrl: 'https://api.example.test/v1',
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
    });
    const error = (await transport
      .request({ method: 'GET', path: 'indexes' })
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.code).toBe('api_key_invalid');
    scope.done();
  });

  it('sends the body key inside the JSON body only', async () => {
    const scope = nock('https://api.example.test', { badheaders: ['x-api-key', 'authorization'] })
      .post('/api/v6/images/text2img', { prompt: 'a cat', key: 'ml-test-key' })
      .reply(200, { status: 'success', id: 1, output: [] });
    const transport = createTransport({
      provider: 'Nocked',
      baseUrl: 'https://api.example.test/api/v6',
      strategy: new BodyKeyStrategy({ key: 'ml-test-key' }),
    });
    await expect(
      transport.request({ method: 'POST', path: 'images/text2img', json: { prompt: 'a cat' } }),
    ).resolves.toEqual({
      status: 'success',
      id: 1,
      output: [],
    });
    scope.done();
  });

  it("scrubs the key from nock's no-match error, which echoes the request headers and body", async () => {
    const scope = nock('https://api.example.test').post('/v1/other').reply(200, {});
    const transport = createTransport({
      provider: 'Nocked',
      baseUrl: 'https://api.example.test/v1',
      strategy: new HeaderKeyStrategy({ key: 'tl-nock-canary-key' }),
      maxRetries: 0,
    });
    const body = new BodyKeyStrategy({ key: 'ml-nock-canary-key' });
    const bodyTransport = createTransport({
      provider: 'Nocked',
      baseUrl: 'https://api.example.test/v1',
      strategy: body,
    });
    for (const [call, key] of [
      [transport.request({ method: 'POST', path: 'unmatched', json: { a: 1 } }), 'tl-nock-canary-key'],
      [bodyTransport.request({ method: 'POST', path: 'unmatched', json: { a: 1 } }), 'ml-nock-canary-key'],
    ] as const) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ServerError);
      expect((error as ServerError).status).toBe(501);
      expect((error as ServerError).code).toBe('ERR_NOCK_NO_MATCH');
      // The echo was real: the key was in it, and only its redacted form is left.
      expect(JSON.stringify((error as ServerError).body)).toContain('[REDACTED]');
      expect(everyRendering(error)).not.toContain(key);
    }
    expect(scope.isDone()).toBe(false);
    nock.cleanAll();
  });

  it('refuses to reach a host nock does not know: tests cannot touch the network', async () => {
    const transport = createTransport({
      provider: 'Nocked',
      baseUrl: 'https://unmocked.example.test',
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
      maxRetries: 0,
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(ConnectionError);
  });
});
