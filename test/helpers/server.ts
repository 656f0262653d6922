import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a loopback test server received it. */
export interface ReceivedRequest {
  method: string;
  /** Path and query, e.g. `/v1/indexes?page=1`. */
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The raw body as text (multipart included). */
  body: string;
}

/** Answers one request; `received` is already recorded. */
export type TestHandler = (
  request: http.IncomingMessage,
  response: http.ServerResponse,
  received: ReceivedRequest,
) => void | Promise<void>;

/** A real HTTP server on 127.0.0.1 with a random port. */
export interface TestServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** Everything the server received, in order. */
  requests: ReceivedRequest[];
  /** Every byte the server received (headers, query and bodies), to search for leaked keys. */
  everything(): string;
  close(): Promise<void>;
}

/**
 * Starts a loopback server that records every request and answers with `handler`.
 *
 * @param handler The answer.
 * @returns The running server.
 */
export function startServer(handler: TestHandler): Promise<TestServer> {
  return listenRecording((listener) => http.createServer(listener), 'http', handler);
}

/**
 * Records every request a server gets and answers with `handler`, on 127.0.0.1 with a random
 * port: the shared half of {@link startServer} and the HTTPS test server.
 *
 * @param create Makes the server around the request listener.
 * @param scheme `http` or `https`, for `origin`.
 * @param handler The answer.
 * @returns The running server.
 */
export async function listenRecording(
  create: (listener: http.RequestListener) => http.Server,
  scheme: 'http' | 'https',
  handler: TestHandler,
): Promise<TestServer> {
  const requests: ReceivedRequest[] = [];
  const server = create((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const received: ReceivedRequest = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      try {
        await handler(request, response, received);
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `${scheme}://127.0.0.1:${port}`,
    requests,
    everything: () =>
      requests.map((r) => `${r.method} ${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`).join('\n'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes a JSON answer.
 *
 * @param response The response to write.
 * @param status The HTTP status.
 * @param body The JSON body (omitted for `undefined`).
 * @param headers Extra headers.
 */
export function sendJson(
  response: http.ServerResponse,
  status: number,
  body?: unknown,
  headers: http.OutgoingHttpHeaders = {},
): void {
  if (body === undefined) {
    response.writeHead(status, headers).end();
    return;
  }
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
