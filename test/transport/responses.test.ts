import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  createTransport,
  HeaderKeyStrategy,
  InsufficientCreditsError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
} from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';
import { headerKeyTransport } from '../helpers/transport.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const IndexSchema = v.looseObject({
  _id: v.string(),
  index_name: v.string(),
  models: v.array(v.object({ model_name: v.string() })),
});

describe('2xx bodies', () => {
  it('validates with the schema and keeps unknown fields of loose objects', async () => {
    const body = { _id: 'idx-1', index_name: 'cats', models: [{ model_name: 'marengo3.0' }], extra: true };
    server = await startServer((_request, response) => sendJson(response, 200, body));
    await expect(
      headerKeyTransport(server).request({ method: 'GET', path: 'indexes/idx-1', schema: IndexSchema }),
    ).resolves.toEqual(body);
  });

  it('reports schema mismatches by path and type, never by value', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, {
        _id: 42,
        index_name: 'tl-test-key',
        models: [{ model_name: ['tl-test-key'] }],
      }),
    );
    const error = (await headerKeyTransport(server)
      .request({ method: 'GET', path: 'indexes/idx-1', schema: IndexSchema })
      .catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.status).toBe(200);
    expect(error.issues).toEqual([
      { path: '_id', expected: 'string', received: 'number' },
      { path: 'models.0.model_name', expected: 'string', received: 'array' },
    ]);
    expect(error.message).toContain('_id: expected string, got number');
    expect(JSON.stringify(error)).not.toContain('tl-test-key');
  });

  it('turns a non-JSON 2xx (an HTML proxy page) into a ResponseValidationError', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Gateway</html>');
    });
    const error = (await headerKeyTransport(server)
      .request({ method: 'GET', path: 'x' })
      .catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toMatch(/not JSON \(content-type text\/html/);
  });

  it('returns undefined for an empty body (PUT/DELETE answers)', async () => {
    server = await startServer((_request, response) => sendJson(response, 204));
    await expect(
      headerKeyTransport(server).request({ method: 'DELETE', path: 'indexes/1' }),
    ).resolves.toBeUndefined();
  });

  it('stops reading past maxResponseBytes, with or without content-length', async () => {
    server = await startServer((request, response) => {
      const big = JSON.stringify({ data: 'x'.repeat(5_000) });
      if (request.url === '/chunked') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.write(big.slice(0, 2_000));
        response.end(big.slice(2_000));
      } else sendJson(response, 200, { data: 'x'.repeat(5_000) });
    });
    const transport = headerKeyTransport(server, { maxResponseBytes: 1_000 });
    for (const path of ['sized', 'chunked']) {
      const error = (await transport
        .request({ method: 'GET', path })
        .catch((e: unknown) => e)) as ResponseTooLargeError;
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error.limitBytes).toBe(1_000);
    }
  });

  it('stops at maxResponseBytes when a replaced global fetch declares less than it sends', async () => {
    // What a fetch mock or interceptor may hand back: a Response built by hand, whose
    // content-length nothing enforces.
    const body = JSON.stringify({ data: 'x'.repeat(5_000) });
    const original = globalThis.fetch;
    globalThis.fetch = async () =>
      new Response(body, { headers: { 'content-type': 'application/json', 'content-length': '20' } });
    try {
      const transport = createTransport({
        provider: 'Test',
        baseUrl: 'https://api.example.test',
        strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
        maxResponseBytes: 1_000,
      });
      await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(
        ResponseTooLargeError,
      );
    } finally {
      globalThis.fetch = original;
    }
  });

  it('times out a body that trickles in slower than the timeout', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"a":');
      // never finishes
    });
    const error = (await headerKeyTransport(server, { timeout: 200 })
      .request({ method: 'GET', path: 'x' })
      .catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(200);
  });
});

describe('timeouts and aborts', () => {
  it('throws TimeoutError when headers do not arrive within the per-call timeout', async () => {
    server = await startServer(() => undefined);
    const error = (await headerKeyTransport(server)
      .request({ method: 'GET', path: 'slow', timeout: 100 })
      .catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain(`GET ${server.origin}/slow within 100 ms`);
    expect(server.requests).toHaveLength(1);
  });

  it('throws AbortError (name "AbortError") when the caller aborts', async () => {
    server = await startServer(() => undefined);
    const controller = new AbortController();
    const pending = headerKeyTransport(server).request({
      method: 'GET',
      path: 'x',
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('user left')), 50);
    const error = (await pending.catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.name).toBe('AbortError');
    expect(String(error.cause)).toContain('user left');
  });

  it('throws AbortError at once for an already-aborted signal, sending nothing', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const error = await headerKeyTransport(server)
      .request({ method: 'GET', path: 'x', signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(server.requests).toHaveLength(0);
  });
});

describe('the classify hook', () => {
  it('turns a 2xx body that reports an error into the matching error class', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { status: 'error', message: 'Invalid API key tl-test-key' }),
    );
    const transport = headerKeyTransport(server, {
      classify: ({ body }) => {
        const record = body as { status?: string; message?: string };
        return record.status === 'error' ? { kind: 'authentication', message: record.message } : undefined;
      },
    });
    const error = (await transport
      .request({ method: 'POST', path: 'x', json: {} })
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('Invalid API key [REDACTED]');
    expect(JSON.stringify(error.body)).not.toContain('tl-test-key');
  });

  it('sees only the 2xx bodies reportsError picks, and every error answer', async () => {
    const seen: number[] = [];
    server = await startServer((request, response) => {
      if (request.url === '/ok') sendJson(response, 200, { status: 'success', id: 1 });
      else if (request.url === '/reported')
        sendJson(response, 200, { status: 'error', message: 'Bad prompt' });
      else sendJson(response, 404, { message: 'No such thing' });
    });
    const transport = headerKeyTransport(server, {
      reportsError: (body) => (body as { status?: string }).status === 'error',
      classify: ({ status, body }) => {
        seen.push(status);
        return (body as { status?: string }).status === 'error' ? { kind: 'bad_request' } : undefined;
      },
    });
    await expect(transport.request({ method: 'GET', path: 'ok' })).resolves.toEqual({
      status: 'success',
      id: 1,
    });
    await expect(transport.request({ method: 'GET', path: 'reported' })).rejects.toMatchObject({
      name: 'BadRequestError',
      status: 200,
    });
    await expect(transport.request({ method: 'GET', path: 'missing' })).rejects.toMatchObject({
      status: 404,
    });
    // The success never reached the classifier; the reported error and the 404 did.
    expect(seen).toEqual([200, 404]);
  });

  it('sends a 2xx body to classify when reportsError throws, and refuses one that is not a function', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { status: 'error' }));
    const transport = headerKeyTransport(server, {
      reportsError: () => {
        throw new Error('hostile body');
      },
      classify: () => ({ kind: 'bad_request' }),
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toMatchObject({
      name: 'BadRequestError',
    });
    expect(() => headerKeyTransport(server as TestServer, { reportsError: true as never })).toThrow(
      /`reportsError` must be a function/,
    );
  });

  it('refines an error status with the provider code, message and hint', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 400, { code: 'no_credit', message: 'Out of credits' }, { 'x-request-id': 'req-1' }),
    );
    const transport = headerKeyTransport(server, {
      classify: ({ body }) =>
        (body as { code?: string }).code === 'no_credit'
          ? { kind: 'insufficient_credits', hint: 'Top up.' }
          : undefined,
    });
    const error = (await transport
      .request({ method: 'GET', path: 'x' })
      .catch((e: unknown) => e)) as InsufficientCreditsError;
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error.code).toBe('no_credit');
    expect(error.requestId).toBe('req-1');
    expect(error.message).toBe(
      `Test answered 400 Bad Request to GET ${server.origin}/x (no_credit): Out of credits. Top up.`,
    );
  });
});
