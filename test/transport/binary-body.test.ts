import { afterEach, describe, expect, it } from 'vitest';
import { NoKeyStrategy, PermissionDeniedError, RedirectError } from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';
import { headerKeyTransport } from '../helpers/transport.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('raw bytes (`body: Blob`)', () => {
  it('sends the bytes with their exact content-length (never chunked) and the Blob’s type', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const bytes = new Blob(['hello, ', 'storage'], { type: 'video/mp4' });
    await headerKeyTransport(server).request({ method: 'PUT', path: 'object', body: bytes });
    const [request] = server.requests;
    expect(request?.body).toBe('hello, storage');
    expect(request?.headers['content-length']).toBe('14');
    expect(request?.headers['transfer-encoding']).toBeUndefined();
    expect(request?.headers['content-type']).toBe('video/mp4');
  });

  it('reads the Blob again for a retry, so the retried attempt sends every byte', async () => {
    let calls = 0;
    server = await startServer((_request, response) => {
      calls += 1;
      sendJson(response, calls === 1 ? 503 : 200, {});
    });
    await headerKeyTransport(server, { maxRetries: 1 }).request({
      method: 'PUT',
      path: 'object',
      body: new Blob(['x'.repeat(10_000)]),
    });
    expect(server.requests.map((request) => request.body.length)).toEqual([10_000, 10_000]);
  });

  it('reports upload progress as the bytes go', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const seen: number[] = [];
    await headerKeyTransport(server).request({
      method: 'PUT',
      path: 'object',
      body: new Blob([new Uint8Array(200_000)]),
      onUploadProgress: (progress) => seen.push(progress.transferredBytes),
    });
    expect(seen.at(-1)).toBe(200_000);
  });

  it('refuses a redirect instead of following it with the bytes', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(307, { location: '/elsewhere' }).end();
    });
    await expect(
      headerKeyTransport(server).request({ method: 'PUT', path: 'object', body: new Blob(['x']) }),
    ).rejects.toBeInstanceOf(RedirectError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('NoKeyStrategy', () => {
  it('sends no key and conceals the URL’s signature in errors', async () => {
    // S3 echoes the signature it was given in a SignatureDoesNotMatch error body.
    server = await startServer((request, response) => {
      const signature = new URL(request.url ?? '/', 'http://x').searchParams.get('X-Amz-Signature');
      response
        .writeHead(403)
        .end(
          `<Error><Code>SignatureDoesNotMatch</Code><SignatureProvided>${signature}</SignatureProvided></Error>`,
        );
    });
    const storage = headerKeyTransport(server, { strategy: new NoKeyStrategy() });
    const error = await storage
      .request({
        method: 'PUT',
        path: 'bucket/obj?X-Amz-Signature=abcdef0123456789&X-Amz-Expires=60',
        body: new Blob(['x']),
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(server.requests[0]?.url).toBe('/bucket/obj?X-Amz-Signature=abcdef0123456789&X-Amz-Expires=60');
    expect(server.requests[0]?.headers['x-api-key']).toBeUndefined();
    expect(JSON.stringify(error)).toContain('SignatureDoesNotMatch');
    expect(`${(error as Error).message}${JSON.stringify(error)}`).not.toContain('abcdef0123456789');
  });
});
