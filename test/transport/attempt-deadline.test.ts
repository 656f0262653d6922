import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  type AuthRequest,
  type AuthStrategy,
  createTransport,
  HeaderKeyStrategy,
  type KeyRequest,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const okServer = () => startServer((_request, response) => sendJson(response, 200, { ok: true }));
const never = () => new Promise<never>(() => undefined);

describe('one deadline per attempt covers the whole attempt', () => {
  it('a key function that never answers ends in TimeoutError, and nothing is sent', async () => {
    server = await okServer();
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      timeout: 100,
      strategy: new HeaderKeyStrategy({ key: never }),
    });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(/did not provide a key .* within 100 ms/);
    expect(server.requests).toHaveLength(0);
  });

  it('gives the key function the attempt signal, which aborts at the deadline', async () => {
    server = await okServer();
    let seen: AbortSignal | undefined;
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      timeout: 100,
      strategy: new HeaderKeyStrategy({
        key: ({ signal }: KeyRequest) => {
          seen = signal;
          return never();
        },
      }),
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(TimeoutError);
    expect(seen).toBeInstanceOf(AbortSignal);
    expect(seen?.aborted).toBe(true);
  });

  it('a custom strategy that never answers ends in AbortError when the caller aborts', async () => {
    server = await okServer();
    const hanging: AuthStrategy = { name: 'hanging', authenticate: never };
    const transport = createTransport({ provider: 'Test', baseUrl: server.origin, strategy: hanging });
    const controller = new AbortController();
    const pending = transport.request({ method: 'GET', path: 'x', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('passes the attempt signal to custom strategies as AuthRequest.signal', async () => {
    server = await okServer();
    const signals: Array<AbortSignal | undefined> = [];
    const recording: AuthStrategy = {
      name: 'recording',
      authenticate(request: AuthRequest) {
        signals.push(request.signal);
        request.headers.set('x-api-key', 'tl-test-key');
      },
    };
    const transport = createTransport({ provider: 'Test', baseUrl: server.origin, strategy: recording });
    await transport.request({ method: 'GET', path: 'x' });
    expect(signals[0]).toBeInstanceOf(AbortSignal);
    expect(signals[0]?.aborted).toBe(false);
  });

  it('a custom fetch that never settles and ignores the signal ends in TimeoutError', async () => {
    const transport = createTransport({
      provider: 'Test',
      baseUrl: 'https://api.example.test',
      timeout: 100,
      maxRetries: 0,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
      fetch: never,
    });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(everyRendering(error)).not.toContain('tl-test-key');
  });

  it('a body from a custom fetch that never ends is cut off by the same deadline', async () => {
    const stalled = () =>
      Promise.resolve(
        new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"a":')) }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
      );
    const transport = createTransport({
      provider: 'Test',
      baseUrl: 'https://api.example.test',
      timeout: 100,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
      fetch: stalled,
    });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toMatch(/response body/);
  });

  it('an error answer whose body trickles in is timed out too', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.write('{"message":');
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      timeout: 150,
      maxRetries: 0,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
    });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('each retry gets a fresh deadline: a slow first attempt does not eat the second', async () => {
    let seen = 0;
    server = await startServer((_request, response) => {
      seen++;
      if (seen === 1)
        setTimeout(() => sendJson(response, 503, { message: 'busy' }, { 'retry-after-ms': '0' }), 120);
      else setTimeout(() => sendJson(response, 200, { attempt: seen }), 120);
    });
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      timeout: 200,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).resolves.toEqual({ attempt: 2 });
  });

  it('ky sends exactly one attempt per loop attempt (no hidden ky retry)', async () => {
    let calls = 0;
    const counting = async () => {
      calls++;
      return new Response(JSON.stringify({ message: 'down' }), {
        status: 503,
        headers: { 'content-type': 'application/json', 'retry-after-ms': '0' },
      });
    };
    const transport = createTransport({
      provider: 'Test',
      baseUrl: 'https://api.example.test',
      maxRetries: 2,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
      fetch: counting,
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(ServerError);
    expect(calls).toBe(3);
  });
});

describe('AttemptDeadline', () => {
  it('arms no timer once disposed, so a stream cancelled mid-read leaves nothing running', async () => {
    const { AttemptDeadline } = await import('../../src/transport/deadline.js');
    const deadline = new AttemptDeadline(20, undefined);
    deadline.dispose();
    deadline.rearm();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(deadline.signal.aborted).toBe(false);
    expect(deadline.stopReason).toBeUndefined();
  });
});
