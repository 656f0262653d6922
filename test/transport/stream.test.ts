import type http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  ResponseTooLargeError,
  ResponseValidationError,
  readJsonLines,
  TimeoutError,
} from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';
import { headerKeyTransport } from '../helpers/transport.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A promise and the function that settles it, for servers that wait on the test. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

function closedBy(response: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => response.on('close', () => resolve()));
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

describe('transport.stream', () => {
  it('hands over the body as it arrives: the first chunk is read before the server sends the second', async () => {
    const second = gate();
    server = await startServer(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-ndjson', 'x-request-id': 'req-1' });
      response.write('{"n":1}\n');
      await second.opened;
      response.end('{"n":2}\n');
    });
    const answer = await headerKeyTransport(server).stream({
      method: 'POST',
      path: 'analyze',
      json: { a: 1 },
    });
    expect(answer.response.status).toBe(200);
    expect(answer.response.requestId).toBe('req-1');
    const seen: unknown[] = [];
    for await (const line of readJsonLines(answer)) {
      seen.push(line);
      if (seen.length === 1) second.open();
    }
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(server.requests[0]?.headers['x-api-key']).toBe('tl-test-key');
  });

  it('reads and classifies an error answer like any call, before anything streams', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 401, { code: 'api_key_invalid', message: 'bad key' }),
    );
    const error = await headerKeyTransport(server)
      .stream({ method: 'POST', path: 'analyze', json: {} })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).provider).toBe('test');
  });

  it('retries a rate limit before the body, then streams the answer that succeeded', async () => {
    let calls = 0;
    server = await startServer((_request, response) => {
      calls += 1;
      if (calls === 1) return sendJson(response, 429, { message: 'slow down' }, { 'retry-after': '0' });
      response.writeHead(200).end('{"ok":true}\n');
    });
    const answer = await headerKeyTransport(server).stream({ method: 'POST', path: 'analyze', json: {} });
    expect(await collect(answer)).toBe('{"ok":true}\n');
    expect(calls).toBe(2);
  });

  it('times out when the provider goes silent mid-stream, with phase body and the bytes that arrived', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200);
      response.write('{"n":1}\n');
      // Never ends.
    });
    const answer = await headerKeyTransport(server, { timeout: 150 }).stream({
      method: 'GET',
      path: 'events',
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of answer) seen.push(new TextDecoder().decode(chunk));
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['{"n":1}\n']);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('body');
    expect((error as TimeoutError).message).toContain('8 bytes had arrived');
  });

  it('gives each chunk a fresh timeout, so a stream longer than `timeout` that keeps arriving completes', async () => {
    server = await startServer(async (_request, response) => {
      response.writeHead(200);
      for (let n = 0; n < 6; n++) {
        response.write(`{"n":${n}}\n`);
        await new Promise((resolve) => setTimeout(resolve, 60));
      }
      response.end();
    });
    const answer = await headerKeyTransport(server, { timeout: 200 }).stream({
      method: 'GET',
      path: 'events',
    });
    const lines: unknown[] = [];
    for await (const line of readJsonLines(answer)) lines.push(line);
    expect(lines).toHaveLength(6);
  });

  it('does not count the consumer’s own time against the provider', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200);
      response.write('{"n":1}\n');
      setTimeout(() => response.end('{"n":2}\n'), 20);
    });
    const answer = await headerKeyTransport(server, { timeout: 100 }).stream({
      method: 'GET',
      path: 'events',
    });
    const lines: unknown[] = [];
    for await (const line of readJsonLines(answer)) {
      lines.push(line);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(lines).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('reports a connection that breaks mid-stream as a ConnectionError without the key', async () => {
    server = await startServer((request, response) => {
      response.writeHead(200, { 'x-echo': String(request.headers['x-api-key']) });
      response.write('{"n":1}\n');
      setTimeout(() => request.socket.destroy(), 20);
    });
    const answer = await headerKeyTransport(server).stream({ method: 'GET', path: 'events' });
    expect(answer.response.headers.get('x-echo')).toBe('[REDACTED]');
    const error = await collect(answer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toMatch(/broke after 8 bytes/);
    expect(JSON.stringify(error)).not.toContain('tl-test-key');
    expect(String((error as Error).stack)).not.toContain('tl-test-key');
  });

  it("ends with an AbortError when the caller's signal aborts mid-stream", async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200);
      response.write('{"n":1}\n');
    });
    const controller = new AbortController();
    const answer = await headerKeyTransport(server).stream({
      method: 'GET',
      path: 'events',
      signal: controller.signal,
    });
    const error = await (async () => {
      for await (const _ of answer) controller.abort(new Error('user left'));
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
  });

  it('releases the connection when the consumer stops early', async () => {
    let closed: Promise<void> | undefined;
    server = await startServer((_request, response) => {
      closed = closedBy(response);
      response.writeHead(200);
      response.write('{"n":1}\n');
    });
    const answer = await headerKeyTransport(server).stream({ method: 'GET', path: 'events' });
    for await (const _ of readJsonLines(answer)) break;
    await closed;
    // A stream is read once: iterating it again says so instead of yielding nothing.
    await expect(collect(answer)).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('releases an unread stream after `timeout`, and cancel() releases it at once', async () => {
    const closes: Promise<void>[] = [];
    server = await startServer((_request, response) => {
      closes.push(closedBy(response));
      response.writeHead(200);
      response.write('{"n":1}\n');
    });
    const transport = headerKeyTransport(server, { timeout: 100 });
    await transport.stream({ method: 'GET', path: 'unread' });
    await closes[0];
    const cancelled = await transport.stream({ method: 'GET', path: 'cancelled' });
    await cancelled.cancel();
    await closes[1];
  });

  it('tells whoever iterates an unread stream after its release why it ended, instead of yielding nothing', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200);
      response.write('{"n":1}\n');
    });
    const answer = await headerKeyTransport(server, { timeout: 80 }).stream({ method: 'GET', path: 'late' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const error = await collect(answer).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('body');
  });

  it('records a failure a parser reports through the stream as the call’s outcome, not a success', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200).end('{"n":1}\nnot json\n');
    });
    const errors: unknown[] = [];
    const transport = headerKeyTransport(server, { hooks: { onError: (view) => errors.push(view.error) } });
    const answer = await transport.stream({ method: 'GET', path: 'events' });
    const error = await (async () => {
      for await (const _ of readJsonLines(answer)) {
        // read every line
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).provider).toBe('test');
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors).toEqual([error]);
  });

  it('refuses a line cap that would switch the cap off', async () => {
    async function* one() {
      yield new TextEncoder().encode('{}\n');
    }
    for (const maxLineBytes of [Number.NaN, Number.POSITIVE_INFINITY, 0, -1, 1.5]) {
      await expect(readJsonLines(one(), { maxLineBytes }).next()).rejects.toBeInstanceOf(ConfigurationError);
    }
  });

  it('refuses a second reader while the first is reading', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200);
      response.write('{"n":1}\n');
      setTimeout(() => response.end(), 50);
    });
    const answer = await headerKeyTransport(server).stream({ method: 'GET', path: 'events' });
    const first = answer[Symbol.asyncIterator]();
    await first.next();
    await expect(answer[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(ConfigurationError);
    await first.return?.();
  });
});

describe('readJsonLines', () => {
  async function* chunksOf(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
    for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
  }

  async function all(source: AsyncIterable<Uint8Array>, maxLineBytes?: number): Promise<unknown[]> {
    const values: unknown[] = [];
    for await (const value of readJsonLines(source, { provider: 'Test', maxLineBytes })) values.push(value);
    return values;
  }

  it('joins lines split across chunks, a character split between two chunks included', async () => {
    const bytes = new TextEncoder().encode('{"text":"café ☕"}\n');
    const cut = bytes.indexOf(0xe2) + 1; // inside the 3-byte ☕
    expect(
      await all(chunksOf('{"a"', ':1}\n{"b":2}\n', bytes.subarray(0, cut), bytes.subarray(cut))),
    ).toEqual([{ a: 1 }, { b: 2 }, { text: 'café ☕' }]);
  });

  it('accepts CRLF, skips blank lines and keeps a last line that has no newline', async () => {
    expect(await all(chunksOf('{"a":1}\r\n\r\n\n  \n{"b":2}'))).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('fails a line over maxLineBytes with ResponseTooLargeError, even when it never ends', async () => {
    async function* endless() {
      for (;;) yield new Uint8Array(1024).fill(0x61);
    }
    await expect(all(endless(), 64 * 1024)).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(all(chunksOf(`{"a":"${'x'.repeat(200)}"}\n`), 100)).rejects.toBeInstanceOf(
      ResponseTooLargeError,
    );
  });

  it('fails a line that is not JSON with its number and length, never its text', async () => {
    const error = await all(chunksOf('{"a":1}\n', 'secret-looking text\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toContain('line 2');
    expect((error as Error).message).not.toContain('secret-looking');
  });
});
