import { afterEach, describe, expect, it, vi } from 'vitest';
import { BodyKeyStrategy, RedirectError, TimeoutError } from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';
import { headerKeyTransport } from '../helpers/transport.js';

// What fetch receives. The global fetch keygate was loaded with gets the attempt's headers in its
// init, which replace the header list of the Request ky built; a fetch installed later and a
// custom `fetch` option get them on the Request, as before. Either way the server must receive
// every header keygate set, for every kind of body, and the redirect mode stays on the Request.

let server: TestServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

const okServer = () => startServer((_request, response) => sendJson(response, 200, { ok: true }));

describe('the global fetch keygate was loaded with', () => {
  it('receives the headers (key included) in its init; the Request ky built carries none of them', async () => {
    server = await okServer();
    // A fresh copy of keygate, loaded while the spy is the global fetch: the spy is "the fetch at load".
    vi.resetModules();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const fresh = await import('../../src/index.js');
    const transport = fresh.createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      strategy: new fresh.HeaderKeyStrategy({ key: 'tl-test-key' }),
    });
    await transport.request({ method: 'GET', path: 'items' });
    const form = new FormData();
    form.append('file', new Blob(['frame']), 'clip.mp4');
    await transport.request({ method: 'POST', path: 'upload', form, upload: true });

    const [[getInput, getInit] = [], [uploadInput] = []] = fetchSpy.mock.calls;
    // A Request that ky, a fetch wrapper or a log keeps holds no key.
    expect(getInput).toBeInstanceOf(Request);
    expect((getInput as Request).headers.get('x-api-key')).toBeNull();
    expect(new Headers(getInit?.headers).get('x-api-key')).toBe('tl-test-key');
    expect(getInit?.signal).toBeInstanceOf(AbortSignal);
    // The redirect mode stays on the Request: a fetch that drops the init still never follows one.
    expect((getInput as Request).redirect).toBe('manual');
    expect((uploadInput as Request).redirect).toBe('error');
    expect(server.requests.map((request) => request.headers['x-api-key'])).toEqual([
      'tl-test-key',
      'tl-test-key',
    ]);
  });

  it('delivers every header keygate sets, for each kind of body', async () => {
    server = await okServer();
    const transport = headerKeyTransport(server, { headers: { 'x-team': 'search' } });
    await transport.request({ method: 'GET', path: 'bodiless' });
    await transport.request({ method: 'POST', path: 'json', json: { prompt: 'a lighthouse' } });
    const form = new FormData();
    form.append('file', new Blob(['frame'], { type: 'video/mp4' }), 'clip.mp4');
    await transport.request({ method: 'POST', path: 'multipart', form });
    await transport.request({
      method: 'PUT',
      path: 'binary',
      body: new Blob(['bytes'], { type: 'image/png' }),
    });

    const byPath = Object.fromEntries(server.requests.map((request) => [request.url, request]));
    for (const request of server.requests) {
      expect(request.headers['x-api-key']).toBe('tl-test-key');
      expect(request.headers['x-team']).toBe('search');
      expect(request.headers.accept).toBe('application/json');
      expect(request.headers['user-agent']).toMatch(/^keygate\//);
    }
    expect(byPath['/bodiless']?.headers['content-type']).toBeUndefined();
    expect(byPath['/json']?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(byPath['/json']?.body ?? '')).toEqual({ prompt: 'a lighthouse' });
    expect(byPath['/multipart']?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(byPath['/multipart']?.headers['content-length']).toBe(String(byPath['/multipart']?.body.length));
    expect(byPath['/multipart']?.body).toContain('frame');
    expect(byPath['/binary']?.headers['content-type']).toBe('image/png');
    expect(byPath['/binary']?.headers['content-length']).toBe('5');
  });

  it('sends a body key in the body and no key header', async () => {
    server = await okServer();
    const transport = headerKeyTransport(server, { strategy: new BodyKeyStrategy({ key: 'ml-test-key' }) });
    await transport.request({ method: 'POST', path: 'generate', json: { prompt: 'p' } });
    const [request] = server.requests;
    expect(JSON.parse(request?.body ?? '')).toEqual({ prompt: 'p', key: 'ml-test-key' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(server.everything().split('ml-test-key').length - 1).toBe(1);
  });
});

describe('a global fetch installed after keygate was loaded', () => {
  it('gets the headers on the Request and only the signal in its init, as before', async () => {
    server = await okServer();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await headerKeyTransport(server).request({ method: 'GET', path: 'items' });
    const [input, init] = fetchSpy.mock.calls[0] ?? [];
    expect((input as Request).headers.get('x-api-key')).toBe('tl-test-key');
    expect((input as Request).redirect).toBe('manual');
    expect(Object.keys(init ?? {})).toEqual(['signal']);
  });

  it('still sends the key, and still refuses a cross-origin redirect, when it drops the init', async () => {
    const elsewhere = await okServer();
    try {
      server = await startServer((_request, response) => {
        response.writeHead(307, { location: `${elsewhere.origin}/steal` }).end();
      });
      const platform = globalThis.fetch;
      vi.spyOn(globalThis, 'fetch').mockImplementation((input) => platform(input));
      const transport = headerKeyTransport(server, { strategy: new BodyKeyStrategy({ key: 'ml-test-key' }) });
      await expect(
        transport.request({ method: 'POST', path: 'generate', json: { prompt: 'p' } }),
      ).rejects.toThrow(RedirectError);
      expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual({ prompt: 'p', key: 'ml-test-key' });
      expect(elsewhere.requests).toEqual([]);

      const headerKeyed = await okServer();
      try {
        await headerKeyTransport(headerKeyed).request({ method: 'GET', path: 'items' });
        expect(headerKeyed.requests[0]?.headers['x-api-key']).toBe('tl-test-key');
      } finally {
        await headerKeyed.close();
      }
    } finally {
      await elsewhere.close();
    }
  });

  it('gets the headers on the Request when it replaces the fetch while the call is on its way', async () => {
    server = await okServer();
    const platform = globalThis.fetch;
    const transport = headerKeyTransport(server, { headers: { 'idempotency-key': 'call-1' } });
    // A first call loads ky, so the next one reaches `send` before request() returns.
    await transport.request({ method: 'GET', path: 'warm-up' });
    const calling = transport.request({
      method: 'POST',
      path: 'generate',
      json: { prompt: 'p' },
    });
    // Installed after keygate chose where the headers go, before ky hands the request to fetch.
    vi.spyOn(globalThis, 'fetch').mockImplementation((input) => platform(input));
    await calling;
    const [, sent] = server.requests;
    expect(sent?.headers['x-api-key']).toBe('tl-test-key');
    expect(sent?.headers['idempotency-key']).toBe('call-1');
    expect(sent?.headers['content-type']).toBe('application/json');
  });

  it('is held to the deadline when it drops the init, installed while the call is on its way', async () => {
    server = await startServer((request, response) => {
      if (request.url === '/warm-up') return sendJson(response, 200, {});
      setTimeout(() => sendJson(response, 200, { late: true }), 1_500);
    });
    const platform = globalThis.fetch;
    const transport = headerKeyTransport(server, { timeout: 100, maxRetries: 0 });
    await transport.request({ method: 'GET', path: 'warm-up' });
    const calling = transport.request({ method: 'GET', path: 'slow' }).catch((caught: unknown) => caught);
    // Installed after keygate chose to trust the fetch it loaded with: the Request carries the signal.
    vi.spyOn(globalThis, 'fetch').mockImplementation((input) => platform(input));
    expect(await calling).toBeInstanceOf(TimeoutError);
  });

  it('is held to the deadline when it drops the init, and with it the signal', async () => {
    // Answers long after the deadline: a fetch that never sees the signal would wait for it.
    server = await startServer((_request, response) => {
      setTimeout(() => sendJson(response, 200, { late: true }), 1_500);
    });
    const platform = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input) => platform(input));
    const error = await headerKeyTransport(server, { timeout: 100, maxRetries: 0 })
      .request({ method: 'GET', path: 'slow' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('a custom fetch', () => {
  it('gets the headers on the request and only the signal in its init, as a fetch wrapper expects', async () => {
    server = await okServer();
    const seen: Array<{ key: string | null; init: RequestInit | undefined }> = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      seen.push({ key: (input as Request).headers.get('x-api-key'), init });
      return globalThis.fetch(input, init);
    };
    await headerKeyTransport(server, { fetch }).request({ method: 'GET', path: 'items' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.key).toBe('tl-test-key');
    expect(Object.keys(seen[0]?.init ?? {})).toEqual(['signal']);
    expect(server.requests[0]?.headers['x-api-key']).toBe('tl-test-key');
  });

  it('gets the redirect mode on the Request: manual, or error for uploads and raw bytes', async () => {
    server = await okServer();
    const modes: RequestRedirect[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      modes.push((input as Request).redirect);
      return globalThis.fetch(input, init);
    };
    const transport = headerKeyTransport(server, { fetch });
    await transport.request({ method: 'GET', path: 'items' });
    const form = new FormData();
    form.append('file', new Blob(['frame']), 'clip.mp4');
    await transport.request({ method: 'POST', path: 'upload', form, upload: true });
    await transport.request({ method: 'PUT', path: 'object', body: new Blob(['bytes']) });
    expect(modes).toEqual(['manual', 'error', 'error']);
  });
});
