import { createHash } from 'node:crypto';
import type http from 'node:http';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import {
  AbortError,
  ConfigurationError,
  PermissionDeniedError,
  ResponseValidationError,
} from '../../../src/index.js';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { sendJson, startServer, type TestServer } from '../../helpers/server.js';

const key = 'tl-test-key';
let sim: Simulator | undefined;
const servers: TestServer[] = [];
afterEach(async () => {
  await sim?.close();
  sim = undefined;
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

function bytes(size: number): Blob {
  const data = new Uint8Array(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7) % 251;
  return new Blob([data]);
}

const md5 = (text: string) => createHash('md5').update(text, 'latin1').digest('hex');

describe('TwelveLabs multipart uploads against the simulator (a second origin for the chunks)', () => {
  it('uploads a file in chunks: the chunks go to the storage origin without any key, the API calls carry it', async () => {
    sim = await createSimulator({ twelvelabs: { chunkSize: 1024 } });
    const client = new TwelveLabsClient({
      apiKey: sim.keys.twelvelabs.valid,
      baseUrl: sim.twelvelabs.baseUrl,
      headers: { 'x-team': 'media' },
    });
    const seen: number[] = [];
    const file = bytes(10 * 1024 + 100);
    const uploaded = await client.multipartUploads.upload(file, {
      filename: 'match.mp4',
      concurrency: 3,
      onProgress: (progress) => seen.push(progress.uploadedChunks),
    });
    expect(uploaded.total_chunks).toBe(11);
    expect(uploaded.url).toBeTruthy();
    expect(uploaded.asset_id).toBeTruthy();
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const puts = sim.twelvelabs.storage.requests.filter((request) => request.method === 'PUT');
    expect(puts).toHaveLength(11);
    expect(puts.reduce((sum, request) => sum + request.bytes, 0)).toBe(file.size);
    expect(puts.every((request) => request.credentials.length === 0 && request.status === 200)).toBe(true);
    const apiCalls = sim.requests.filter((request) => request.provider === 'twelvelabs');
    expect(apiCalls.length).toBeGreaterThan(1);
    expect(apiCalls.every((request) => request.credential.location === 'header')).toBe(true);
    const asset = await client.request({ method: 'GET', path: `assets/${uploaded.asset_id}` });
    expect(asset).toMatchObject({ _id: uploaded.asset_id, filename: 'match.mp4' });
  });

  it('retries a chunk the storage refuses with a 503, through the same keyless path', async () => {
    sim = await createSimulator({ twelvelabs: { chunkSize: 1024 } });
    const client = new TwelveLabsClient({
      apiKey: sim.keys.twelvelabs.valid,
      baseUrl: sim.twelvelabs.baseUrl,
    });
    sim.twelvelabs.storage.failNext(1, 503);
    const uploaded = await client.multipartUploads.upload(bytes(3000), { filename: 'a.mp4', concurrency: 1 });
    expect(uploaded.url).toBeTruthy();
    const statuses = sim.twelvelabs.storage.requests.map((request) => request.status);
    expect(statuses).toEqual([503, 200, 200, 200]);
    expect(sim.twelvelabs.storage.requests.every((request) => request.credentials.length === 0)).toBe(true);
  });
});

/** An API that plays TwelveLabs' multipart endpoints by hand, with a separate storage origin. */
async function handmade(options: {
  chunkSize: number;
  firstUrls: number;
  storage: (request: http.IncomingMessage, response: http.ServerResponse, body: string) => void;
  partUrl?: (origin: string, index: number) => string;
}) {
  const storage = await startServer((request, response, received) =>
    options.storage(request, response, received.body),
  );
  servers.push(storage);
  const urlFor =
    options.partUrl ??
    ((origin, index) =>
      `${origin}/bucket/up-1/${index}?X-Amz-Signature=sig${index}secretvalue&X-Amz-Expires=3600`);
  const reports: unknown[] = [];
  const refills: unknown[] = [];
  let total = 0;
  const api = await startServer((request, response, received) => {
    const body = received.body === '' ? {} : JSON.parse(received.body);
    if (request.url === '/v1.3/assets/multipart-uploads') {
      total = Math.ceil(body.total_size / options.chunkSize);
      const upload_urls = Array.from({ length: Math.min(options.firstUrls, total) }, (_, i) => ({
        chunk_index: i + 1,
        url: urlFor(storage.origin, i + 1),
        expires_at: new Date(Date.now() + 3_600_000).toISOString(),
      }));
      return sendJson(response, 201, {
        upload_id: 'up-1',
        asset_id: 'asset-1',
        upload_urls,
        chunk_size: options.chunkSize,
        total_chunks: total,
      });
    }
    if (request.url === '/v1.3/assets/multipart-uploads/up-1/presigned-urls') {
      refills.push(body);
      const upload_urls = Array.from({ length: body.count }, (_, i) => ({
        chunk_index: body.start + i,
        url: `${urlFor(storage.origin, body.start + i)}&fresh=${refills.length}`,
      }));
      return sendJson(response, 200, { upload_id: 'up-1', upload_urls });
    }
    if (request.url === '/v1.3/assets/multipart-uploads/up-1') {
      reports.push(...body.completed_chunks);
      const done = reports.length >= total;
      return sendJson(response, 200, {
        asset_id: 'asset-1',
        total_completed: reports.length,
        ...(done ? { url: 'https://cdn.example.com/asset-1' } : {}),
      });
    }
    sendJson(response, 404, { code: 'endpoint_not_exists', message: 'no' });
  });
  servers.push(api);
  const client = new TwelveLabsClient({
    apiKey: key,
    baseUrl: `${api.origin}/v1.3`,
    headers: { 'x-team': 'media' },
  });
  return { client, storage, api, reports, refills };
}

const etagAnswer = (response: http.ServerResponse, body: string): void => {
  response.writeHead(200, { etag: `"${md5(body)}"` }).end();
};

describe('TwelveLabs multipart uploads, wire details', () => {
  it('asks for more URLs when the first set runs out, and reports every chunk with its unquoted ETag and size', async () => {
    const { client, storage, reports, refills } = await handmade({
      chunkSize: 100,
      firstUrls: 2,
      storage: (_request, response, body) => etagAnswer(response, body),
    });
    const file = bytes(450);
    const result = await client.multipartUploads.upload(file, { filename: 'clip.mp4', concurrency: 2 });
    expect(result).toEqual({
      upload_id: 'up-1',
      asset_id: 'asset-1',
      url: 'https://cdn.example.com/asset-1',
      total_chunks: 5,
    });
    expect(refills).toEqual([{ start: 3, count: 3 }]);
    const sorted = [...(reports as Array<{ chunk_index: number; proof: string }>)].sort(
      (a, b) => a.chunk_index - b.chunk_index,
    );
    expect(sorted).toEqual(
      storage.requests.map((_, i) => expect.objectContaining({ chunk_index: i + 1, proof_type: 'etag' })),
    );
    expect(sorted.at(-1)).toMatchObject({ chunk_index: 5, chunk_size: 50 });
    expect(sorted.every((chunk) => /^[0-9a-f]{32}$/.test(chunk.proof))).toBe(true);
    // Nothing of the client's reached the storage: no key, no custom header; the signature went as sent.
    expect(storage.everything()).not.toContain(key);
    expect(storage.requests.every((request) => request.headers['x-team'] === undefined)).toBe(true);
    expect(storage.requests[0]?.url).toBe(
      '/bucket/up-1/1?X-Amz-Signature=sig1secretvalue&X-Amz-Expires=3600',
    );
    expect(storage.requests[0]?.headers['content-type']).toBe('application/octet-stream');
  });

  it('replaces a URL the storage refuses (403: used or expired) once, then gives up with the signature concealed', async () => {
    let refusals = 0;
    const { client, refills } = await handmade({
      chunkSize: 100,
      firstUrls: 1,
      storage: (request, response, body) => {
        if (request.url?.startsWith('/bucket/up-1/1?') && !request.url.includes('fresh')) {
          refusals += 1;
          return response.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>');
        }
        etagAnswer(response, body);
      },
    });
    await client.multipartUploads.upload(bytes(100), { filename: 'a.mp4' });
    expect(refusals).toBe(1);
    expect(refills).toEqual([{ start: 1, count: 1 }]);

    const refusing = await handmade({
      chunkSize: 100,
      firstUrls: 1,
      storage: (_request, response) =>
        response.writeHead(403).end('<Error><Code>AccessDenied</Code></Error>'),
    });
    const error = await refusing.client.multipartUploads
      .upload(bytes(100), { filename: 'a.mp4' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    const shown = `${(error as Error).message} ${JSON.stringify(error)} ${(error as Error).stack}`;
    expect(shown).not.toContain('secretvalue');
    expect(shown).not.toContain(key);
  });

  it('fails with ResponseValidationError when the storage gives no ETag, and refuses a non-HTTPS part URL before sending', async () => {
    const noEtag = await handmade({
      chunkSize: 100,
      firstUrls: 1,
      storage: (_request, response) => response.writeHead(200).end(),
    });
    await expect(
      noEtag.client.multipartUploads.upload(bytes(100), { filename: 'a.mp4' }),
    ).rejects.toBeInstanceOf(ResponseValidationError);
    const plainHttp = await handmade({
      chunkSize: 100,
      firstUrls: 1,
      storage: (_request, response, body) => etagAnswer(response, body),
      partUrl: (_origin, index) => `http://storage.example.com/bucket/${index}?X-Amz-Signature=abcdefghijkl`,
    });
    const error = await plainHttp.client.multipartUploads
      .upload(bytes(100), { filename: 'a.mp4' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(/HTTPS only/);
  });

  it('refuses a loopback part URL handed out by a remote API, and sends the storage nothing', async () => {
    const storage = await startServer((_request, response) => {
      response.writeHead(200, { etag: '"x"' }).end();
    });
    servers.push(storage);
    nock.disableNetConnect();
    nock.enableNetConnect(/^127\.0\.0\.1(:\d+)?$/);
    try {
      nock('https://api.twelvelabs.io')
        .post('/v1.3/assets/multipart-uploads')
        .reply(201, {
          upload_id: 'up-1',
          chunk_size: 100,
          total_chunks: 1,
          upload_urls: [
            { chunk_index: 1, url: `${storage.origin}/admin/shutdown?X-Amz-Signature=abcdefghij` },
          ],
        });
      const remote = new TwelveLabsClient({ apiKey: key, maxRetries: 0 });
      const error = await remote.multipartUploads
        .upload(bytes(100), { filename: 'a.mp4' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as Error).message).toMatch(/loopback/);
      expect(storage.requests).toHaveLength(0);
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });

  it('says a storage refusal is about the presigned URL, not the key', async () => {
    const refusing = await handmade({
      chunkSize: 100,
      firstUrls: 1,
      storage: (_request, response) =>
        response
          .writeHead(403)
          .end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>'),
    });
    const error = await refusing.client.multipartUploads
      .upload(bytes(100), { filename: 'a.mp4' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermissionDeniedError);
    expect(error).toMatchObject({ code: 'AccessDenied' });
    expect((error as Error).message).toMatch(/TwelveLabs storage answered 403/);
    expect((error as Error).message).toMatch(/not about the TwelveLabs key/);
  });

  it('refuses a session whose chunk_size would need more than 10,000 chunks, and an upload never confirmed complete', async () => {
    const tiny = await handmade({
      chunkSize: 1,
      firstUrls: 1,
      storage: (_q, response, body) => etagAnswer(response, body),
    });
    const error = await tiny.client.multipartUploads
      .upload(bytes(20_000), { filename: 'a.mp4' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(tiny.storage.requests).toHaveLength(0);

    const storage = await startServer((_request, response, received) => etagAnswer(response, received.body));
    servers.push(storage);
    const api = await startServer((request, response) => {
      if (request.url === '/v1.3/assets/multipart-uploads') {
        return sendJson(response, 201, {
          upload_id: 'up-9',
          chunk_size: 100,
          upload_urls: [{ chunk_index: 1, url: `${storage.origin}/b/1?X-Amz-Signature=abcdefghij` }],
        });
      }
      sendJson(response, 200, { total_completed: 0 }); // never says the upload is complete
    });
    servers.push(api);
    const client = new TwelveLabsClient({ apiKey: key, baseUrl: `${api.origin}/v1.3` });
    await expect(client.multipartUploads.upload(bytes(100), { filename: 'a.mp4' })).rejects.toThrow(
      /did not confirm upload up-9 as complete/,
    );
  });

  it('stops the chunks when a report is refused', async () => {
    const storage = await startServer((_request, response, received) => etagAnswer(response, received.body));
    servers.push(storage);
    const api = await startServer((request, response) => {
      if (request.url === '/v1.3/assets/multipart-uploads') {
        const upload_urls = Array.from({ length: 40 }, (_, i) => ({
          chunk_index: i + 1,
          url: `${storage.origin}/b/${i + 1}?X-Amz-Signature=abcdefghij`,
        }));
        return sendJson(response, 201, { upload_id: 'up-8', chunk_size: 10, upload_urls });
      }
      sendJson(response, 400, { code: 'parameter_invalid', message: 'bad proof' });
    });
    servers.push(api);
    const client = new TwelveLabsClient({ apiKey: key, baseUrl: `${api.origin}/v1.3` });
    const error = await client.multipartUploads
      .upload(bytes(400), { filename: 'a.mp4', concurrency: 1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400, code: 'parameter_invalid' });
    expect(storage.requests.length).toBeLessThan(40);
  });

  it('stops every chunk on the caller’s signal', async () => {
    const controller = new AbortController();
    const { client, storage } = await handmade({
      chunkSize: 100,
      firstUrls: 10,
      storage: (_request, response, body) => {
        controller.abort();
        setTimeout(() => etagAnswer(response, body), 50);
      },
    });
    const error = await client.multipartUploads
      .upload(bytes(1000), { filename: 'a.mp4', concurrency: 2, signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(storage.requests.length).toBeLessThanOrEqual(2);
  });

  it('checks its arguments before opening a session', async () => {
    const { client, api } = await handmade({
      chunkSize: 100,
      firstUrls: 1,
      storage: (_q, response, body) => etagAnswer(response, body),
    });
    await expect(client.multipartUploads.upload(bytes(10))).rejects.toBeInstanceOf(ConfigurationError);
    await expect(
      client.multipartUploads.upload('file.mp4' as never, { filename: 'x' }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    await expect(
      client.multipartUploads.upload(bytes(10), { filename: 'x', concurrency: 0 }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    await expect(
      client.multipartUploads.presignedUrls('up-1', { start: 1, count: 51 }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    expect(api.requests).toHaveLength(0);
  });
});
