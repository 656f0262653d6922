import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BodyKeyStrategy,
  createTransport,
  HeaderKeyStrategy,
  type TransportOptions,
} from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

// What fetch receives. The platform's fetch (whatever globalThis.fetch is when the call is sent)
// gets the attempt's headers in its init, which replace the header list of the request ky built;
// a custom `fetch` option gets them on the request, as before. Either way the server must
// receive every header keygate set, for every kind of body.

let server: TestServer | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  server = undefined;
});

function transportFor(target: TestServer, options: Partial<TransportOptions> = {}) {
  return createTransport({
    provider: 'Test',
    baseUrl: target.origin,
    strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
    ...options,
  });
}

const okServer = () => startServer((_request, response) => sendJson(response, 200, { ok: true }));

describe('the platform fetch', () => {
  it('receives the headers (key included) in its init; the request ky built carries none of them', async () => {
    server = await okServer();
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await transportFor(server).request({ method: 'GET', path: 'items' });
    const [input, init] = fetchSpy.mock.calls[0] ?? [];
    // A Request that ky, a fetch wrapper or a log keeps holds no key.
    expect(input).toBeInstanceOf(Request);
    expect((input as Request).headers.get('x-api-key')).toBeNull();
    expect(new Headers(init?.headers).get('x-api-key')).toBe('tl-test-key');
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('delivers every header keygate sets, for each kind of body', async () => {
    server = await okServer();
    const transport = transportFor(server, { headers: { 'x-team': 'search' } });
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
    const transport = transportFor(server, { strategy: new BodyKeyStrategy({ key: 'ml-test-key' }) });
    await transport.request({ method: 'POST', path: 'generate', json: { prompt: 'p' } });
    const [request] = server.requests;
    expect(JSON.parse(request?.body ?? '')).toEqual({ prompt: 'p', key: 'ml-test-key' });
    expect(request?.headers['content-type']).toBe('application/json');
    expect(server.everything().split('ml-test-key').length - 1).toBe(1);
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
    await transportFor(server, { fetch }).request({ method: 'GET', path: 'items' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.key).toBe('tl-test-key');
    expect(Object.keys(seen[0]?.init ?? {})).toEqual(['signal']);
    expect(server.requests[0]?.headers['x-api-key']).toBe('tl-test-key');
  });
});
