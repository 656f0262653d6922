import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ConnectionError,
  createTransport,
  HeaderKeyStrategy,
  RateLimitError,
  retryAfterMsFromHeaders,
  ServerError,
} from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that answers `failures` times with `status` (and headers), then 200. */
async function failingThenOk(failures: number, status: number, headers: Record<string, string> = {}) {
  let seen = 0;
  return startServer((_request, response) => {
    seen++;
    if (seen <= failures) sendJson(response, status, { message: 'try again' }, headers);
    else sendJson(response, 200, { attempt: seen });
  });
}

function transportFor(target: TestServer, options: { maxRetries?: number; key?: () => string } = {}) {
  return createTransport({
    provider: 'Test',
    baseUrl: target.origin,
    strategy: new HeaderKeyStrategy({ key: options.key ?? 'tl-test-key' }),
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  });
}

describe('retries', () => {
  it.each(['GET', 'PUT', 'DELETE'] as const)('retries %s on 503 and succeeds', async (method) => {
    server = await failingThenOk(2, 503, { 'retry-after': '0' });
    await expect(transportFor(server).request({ method, path: 'x' })).resolves.toEqual({ attempt: 3 });
    expect(server.requests).toHaveLength(3);
  });

  it.each([408, 429, 500, 502, 504])('retries GET on %i', async (status) => {
    server = await failingThenOk(1, status, { 'retry-after-ms': '0' });
    await expect(transportFor(server).request({ method: 'GET', path: 'x' })).resolves.toEqual({ attempt: 2 });
  });

  it('does not retry GET on 501 or 4xx other than 408/429', async () => {
    server = await failingThenOk(1, 501, { 'retry-after': '0' });
    await expect(transportFor(server).request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry POST on 503 (the provider may have done the work)', async () => {
    server = await failingThenOk(1, 503, { 'retry-after': '0' });
    await expect(
      transportFor(server).request({ method: 'POST', path: 'x', json: {} }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('retries POST on 429, re-sending the same body', async () => {
    server = await failingThenOk(1, 429, { 'retry-after': '0' });
    await expect(
      transportFor(server).request({ method: 'POST', path: 'x', json: { a: 1 } }),
    ).resolves.toEqual({
      attempt: 2,
    });
    expect(server.requests.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}']);
  });

  it('stops after maxRetries and throws the last error with its fields', async () => {
    server = await failingThenOk(10, 429, { 'retry-after': '0', 'x-ratelimit-remaining': '0' });
    const error = (await transportFor(server, { maxRetries: 1 })
      .request({ method: 'GET', path: 'x' })
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(0);
    expect(error.rateLimit).toEqual({ 'x-ratelimit-remaining': '0' });
    expect(server.requests).toHaveLength(2);
  });

  it('maxRetries: 0 sends once', async () => {
    server = await failingThenOk(1, 503, { 'retry-after': '0' });
    await expect(
      transportFor(server, { maxRetries: 0 }).request({ method: 'GET', path: 'x' }),
    ).rejects.toBeInstanceOf(ServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('does not wait for a Retry-After beyond 60 s: the RateLimitError says how long instead', async () => {
    server = await failingThenOk(1, 429, { 'retry-after': '120' });
    const error = (await transportFor(server)
      .request({ method: 'GET', path: 'x' })
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(120_000);
    expect(server.requests).toHaveLength(1);
  });

  it('stops waiting for a retry when the caller aborts (AbortError, not a 30 s wait)', async () => {
    server = await failingThenOk(5, 503, { 'retry-after': '30' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await transportFor(server)
      .request({ method: 'GET', path: 'x', signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('asks the strategy again on every attempt, so a rotated key is used by the retry', async () => {
    server = await failingThenOk(1, 503, { 'retry-after': '0' });
    const keys = ['tl-test-key-old', 'tl-test-key-new'];
    let calls = 0;
    const transport = transportFor(server, { key: () => keys[Math.min(calls++, 1)] ?? '' });
    await transport.request({ method: 'GET', path: 'x' });
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual(keys);
  });

  it('retries GET after a connection reset, and reports ConnectionError when it persists', async () => {
    let seen = 0;
    server = await startServer((request, response) => {
      seen++;
      if (seen === 1 || request.url === '/always') request.socket.destroy();
      else sendJson(response, 200, { attempt: seen });
    });
    await expect(transportFor(server).request({ method: 'GET', path: 'x' })).resolves.toEqual({ attempt: 2 });
    const error = await transportFor(server, { maxRetries: 1 })
      .request({ method: 'GET', path: 'always' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(server.requests.filter((r) => r.url === '/always')).toHaveLength(2);
  });

  it('does not retry POST after a connection reset', async () => {
    server = await startServer((request) => {
      request.socket.destroy();
    });
    await expect(
      transportFor(server).request({ method: 'POST', path: 'x', json: {} }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('retryAfterMsFromHeaders', () => {
  it('reads retry-after-ms before Retry-After', () => {
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1500);
  });

  it('reads Retry-After in seconds and as an HTTP date', () => {
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after': '3' }))).toBe(3000);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const fromDate = retryAfterMsFromHeaders(new Headers({ 'retry-after': inTenSeconds })) ?? -1;
    expect(fromDate).toBeGreaterThan(8_000);
    expect(fromDate).toBeLessThanOrEqual(10_000);
  });

  it('gives 0 for a date in the past and undefined for garbage', () => {
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:00 GMT' }))).toBe(0);
    expect(retryAfterMsFromHeaders(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMsFromHeaders(new Headers())).toBeUndefined();
  });
});
