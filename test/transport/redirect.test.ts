import { afterEach, describe, expect, it } from 'vitest';
import {
  type AuthStrategy,
  BodyKeyStrategy,
  createTransport,
  HeaderKeyStrategy,
  QueryKeyStrategy,
  RedirectError,
} from '../../src/index.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

const key = 'tl-test-key';
const strategies: Record<string, () => AuthStrategy> = {
  header: () => new HeaderKeyStrategy({ key }),
  body: () => new BodyKeyStrategy({ key }),
  query: () => new QueryKeyStrategy({ key }),
};
const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function formWithVideo(): FormData {
  const form = new FormData();
  form.set('index_id', 'idx-1');
  form.set('video_file', new Blob(['fake video']), 'clip.mp4');
  return form;
}

describe('cross-origin redirects', () => {
  for (const [strategyName, strategy] of Object.entries(strategies)) {
    for (const status of [301, 302, 303, 307, 308]) {
      it(`${status} with the ${strategyName} strategy: the other origin receives nothing`, async () => {
        const other = await serve((_request, response) => sendJson(response, 200, { stolen: true }));
        const origin = await serve((_request, response) => {
          response.writeHead(status, { location: `${other.origin}/collect?from=redirect` }).end();
        });
        const transport = createTransport({ provider: 'Test', baseUrl: origin.origin, strategy: strategy() });
        const error = (await transport
          .request({ method: 'POST', path: 'x', json: { prompt: 'p' } })
          .catch((e: unknown) => e)) as RedirectError;
        expect(error).toBeInstanceOf(RedirectError);
        expect(error.status).toBe(status);
        expect(error.location).toBe(other.origin);
        expect(error.message).toContain('another origin');
        expect(other.requests).toHaveLength(0);
        expect(everyRendering(error)).not.toContain(key);
      });
    }
  }

  it('refuses a multipart upload redirect to another origin', async () => {
    const other = await serve((_request, response) => sendJson(response, 200, {}));
    const origin = await serve((_request, response) => {
      response.writeHead(307, { location: `${other.origin}/upload` }).end();
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: origin.origin,
      strategy: strategies.body?.() as AuthStrategy,
    });
    await expect(
      transport.request({ method: 'POST', path: 'tasks', form: formWithVideo() }),
    ).rejects.toBeInstanceOf(RedirectError);
    expect(other.requests).toHaveLength(0);
  });

  it('refuses an upload redirect even to the same origin: uploads are sent with redirects off', async () => {
    const origin = await serve((request, response) => {
      if (request.url === '/tasks') response.writeHead(307, { location: '/tasks2' }).end();
      else sendJson(response, 200, {});
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: origin.origin,
      strategy: strategies.header?.() as AuthStrategy,
    });
    const error = await transport
      .request({ method: 'POST', path: 'tasks', form: formWithVideo(), upload: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect(origin.requests.map((r) => r.url)).toEqual(['/tasks']);
  });

  it('treats another port on the same host as another origin', async () => {
    const other = await serve((_request, response) => sendJson(response, 200, {}));
    const origin = await serve((_request, response) => {
      response.writeHead(302, { location: other.origin.replace('127.0.0.1', 'localhost') }).end();
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: origin.origin,
      strategy: strategies.header?.() as AuthStrategy,
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(RedirectError);
    expect(other.requests).toHaveLength(0);
  });
});

describe('same-origin redirects', () => {
  for (const [strategyName, strategy] of Object.entries(strategies)) {
    for (const status of [301, 302, 307, 308]) {
      it(`${status} PUT with the ${strategyName} strategy is followed and re-authenticated`, async () => {
        const origin = await serve((request, response) => {
          if (request.url?.startsWith('/old')) response.writeHead(status, { location: '/new' }).end();
          else sendJson(response, 200, { at: request.url });
        });
        const transport = createTransport({ provider: 'Test', baseUrl: origin.origin, strategy: strategy() });
        await expect(
          transport.request({ method: 'PUT', path: 'old', json: { a: 1 } }),
        ).resolves.toBeDefined();
        const final = origin.requests[1];
        expect(final?.method).toBe('PUT');
        expect(new URL(final?.url ?? '', origin.origin).pathname).toBe('/new');
        expect(JSON.parse(final?.body ?? '{}').a).toBe(1);
        expect(origin.everything().split(key).length - 1).toBeGreaterThanOrEqual(2);
      });
    }
  }

  it('303 after a POST becomes a GET without the body (header strategy)', async () => {
    const origin = await serve((request, response) => {
      if (request.method === 'POST') response.writeHead(303, { location: '/result/1' }).end();
      else sendJson(response, 200, { id: 1 });
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: origin.origin,
      strategy: strategies.header?.() as AuthStrategy,
    });
    await expect(transport.request({ method: 'POST', path: 'jobs', json: { a: 1 } })).resolves.toEqual({
      id: 1,
    });
    expect(origin.requests.map((r) => `${r.method} ${r.url} ${r.headers['x-api-key']}`)).toEqual([
      `POST /jobs ${key}`,
      `GET /result/1 ${key}`,
    ]);
    expect(origin.requests[1]?.body).toBe('');
  });

  it('303 after a POST with the body strategy ends in a RedirectError, not a keyless GET', async () => {
    const origin = await serve((request, response) => {
      if (request.method === 'POST') response.writeHead(303, { location: '/result/1' }).end();
      else sendJson(response, 200, { id: 1 });
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: origin.origin,
      strategy: strategies.body?.() as AuthStrategy,
    });
    const error = await transport
      .request({ method: 'POST', path: 'jobs', json: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedirectError);
    expect((error as Error).message).toMatch(/turns it into a GET/);
    expect(origin.requests).toHaveLength(1);
  });

  it('gives up after 5 hops', async () => {
    const origin = await serve((request, response) => {
      const hop = Number(request.url?.slice(1) ?? 0);
      response.writeHead(302, { location: `/${hop + 1}` }).end();
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: origin.origin,
      strategy: strategies.header?.() as AuthStrategy,
    });
    await expect(transport.request({ method: 'GET', path: '0' })).rejects.toThrow(/more than 5 times/);
    expect(origin.requests).toHaveLength(6);
  });

  it('refuses a redirect without a Location header', async () => {
    const origin = await serve((_request, response) => {
      response.writeHead(302).end();
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: origin.origin,
      strategy: strategies.header?.() as AuthStrategy,
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toThrow(
      /without a usable Location/,
    );
  });
});
