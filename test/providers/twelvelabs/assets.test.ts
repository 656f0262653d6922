import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import {
  BadRequestError,
  ConfigurationError,
  NotFoundError,
  TimeoutError,
  type UploadProgress,
} from '../../../src/index.js';
import { sendJson, startServer, type TestServer } from '../../helpers/server.js';

const key = 'tl-test-key';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (target: TestServer) =>
  new TwelveLabsClient({ apiKey: key, baseUrl: `${target.origin}/v1.3`, maxRetries: 0 });

/** The text value of a multipart field, or undefined. */
const field = (body: string | undefined, name: string) =>
  new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`).exec(body ?? '')?.[1];

// What the API spec's Asset looks like right after POST /assets, with nulls where fields are unset.
const processing = {
  _id: 'asset-1',
  method: 'url',
  status: 'processing',
  filename: 'talk.mp4',
  file_type: null,
  created_at: '2025-01-01T00:00:00Z',
  user_metadata: null,
  source: null,
};

describe('assets.create', () => {
  it('README example: creates an asset from a URL, multipart, the key in x-api-key only', async () => {
    server = await startServer((_request, response) => sendJson(response, 201, processing));
    const asset = await clientFor(server).assets.create({
      url: 'https://example.com/talk.mp4',
      filename: 'talk.mp4',
      enable_hls: true,
      enable_thumbnail: false,
      user_metadata: { team: 'a', take: 2, final: true },
    });
    expect(asset).toEqual(processing);
    const [received] = server.requests;
    expect(received?.method).toBe('POST');
    expect(received?.url).toBe('/v1.3/assets');
    expect(received?.headers['x-api-key']).toBe(key);
    expect(received?.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(field(received?.body, 'method')).toBe('url');
    expect(field(received?.body, 'url')).toBe('https://example.com/talk.mp4');
    expect(field(received?.body, 'filename')).toBe('talk.mp4');
    expect(field(received?.body, 'enable_hls')).toBe('true');
    expect(field(received?.body, 'enable_thumbnail')).toBe('false');
    expect(field(received?.body, 'user_metadata')).toBe('{"team":"a","take":2,"final":true}');
    expect(received?.body).not.toContain('name="file"');
    expect(server.everything().replace(/"x-api-key":"[^"]*"/, '')).not.toContain(key);
  });

  it('uploads a file as method=direct, once, with progress; a File keeps its name', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 201, { ...processing, method: 'direct' }),
    );
    const bytes = 'a'.repeat(128 * 1024);
    const progress: UploadProgress[] = [];
    await clientFor(server).assets.create(
      { file: new File([bytes], 'clip.mp4', { type: 'video/mp4' }) },
      { onUploadProgress: (p) => progress.push(p) },
    );
    const body = server.requests[0]?.body;
    expect(field(body, 'method')).toBe('direct');
    expect(body).toMatch(/name="file"; filename="clip.mp4"\r\nContent-Type: video\/mp4\r\n\r\n/);
    expect(body).toContain(bytes);
    expect(body).not.toContain('name="url"');
    expect(body).not.toContain('name="enable_hls"');
    expect(progress.at(-1)?.percent).toBe(1);
  });

  it('names a nameless Blob after `filename`, and sends method when it agrees', async () => {
    server = await startServer((_request, response) => sendJson(response, 201, processing));
    await clientFor(server).assets.create({ method: 'direct', file: new Blob(['x']), filename: 'x.wav' });
    expect(server.requests[0]?.body).toMatch(/name="file"; filename="x.wav"/);
    expect(field(server.requests[0]?.body, 'filename')).toBe('x.wav');
  });

  it('refuses bad parameters with a ConfigurationError before sending anything', async () => {
    server = await startServer((_request, response) => sendJson(response, 201, processing));
    const assets = clientFor(server).assets;
    const url = 'https://example.com/v.mp4';
    const bad: unknown[] = [
      {},
      { url, file: new Blob(['x']) },
      { method: 'direct', url },
      { method: 'url', file: new Blob(['x']) },
      { method: 'multipart', url },
      { file: 'talk.mp4' },
      { url: '' },
      { url, filename: '' },
      { url, user_metadata: ['a'] },
      null,
    ];
    for (const params of bad) {
      await expect(assets.create(params as never)).rejects.toBeInstanceOf(ConfigurationError);
    }
    await expect(assets.create({ url, file: new Blob(['x']) } as never)).rejects.toThrow(
      /exactly one of file and url/,
    );
    await expect(assets.create({ method: 'direct', url } as never)).rejects.toThrow(/"direct" takes a file/);
    expect(server.requests).toHaveLength(0);
  });

  it('a 400 is a BadRequestError with its code', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 400, { code: 'parameter_invalid', message: 'The url parameter is invalid.' }),
    );
    const error = await clientFor(server)
      .assets.create({ url: 'ftp://example.com/v.mp4' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'parameter_invalid' });
  });
});

describe('assets.list, iterate, retrieve, delete', () => {
  it('sends asset_ids and asset_types as repeated keys and accepts null fields', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, {
        data: [
          { ...processing, hls: null, thumbnail: null, technical_metadata: null, size: null, error: null },
        ],
        page_info: { page: 1, total_page: null, limit_per_page: null, total_results: null },
      }),
    );
    const page = await clientFor(server).assets.list({
      page_limit: 5,
      asset_ids: ['a-1', 'a-2'],
      asset_types: ['video', 'audio'],
      filename: 'talk',
    });
    expect(page.data[0]?._id).toBe('asset-1');
    const url = new URL(server.requests[0]?.url ?? '', server.origin);
    expect(url.pathname).toBe('/v1.3/assets');
    expect(url.searchParams.getAll('asset_ids')).toEqual(['a-1', 'a-2']);
    expect(url.searchParams.getAll('asset_types')).toEqual(['video', 'audio']);
    expect(url.searchParams.get('page_limit')).toBe('5');
    expect(url.searchParams.get('filename')).toBe('talk');
  });

  it('iterate walks the pages until an empty one; a null data is an empty page', async () => {
    server = await startServer((request, response) => {
      const page = new URL(request.url ?? '', 'http://x').searchParams.get('page');
      if (page === '1') sendJson(response, 200, { data: [processing], page_info: null });
      else if (page === '2') sendJson(response, 200, { data: [{ ...processing, _id: 'asset-2' }] });
      else sendJson(response, 200, { data: null });
    });
    const ids: string[] = [];
    for await (const asset of clientFor(server).assets.iterate({ asset_types: 'video' })) ids.push(asset._id);
    expect(ids).toEqual(['asset-1', 'asset-2']);
    expect(server.requests).toHaveLength(3);
  });

  it('retrieve returns the detail, size and duration on either shape, and a failed asset’s error', async () => {
    const failed = {
      ...processing,
      status: 'failed',
      size: 1024,
      duration: null,
      hls: { status: 'error', manifest_url: null },
      thumbnail: { status: 'ready', representative_url: 'https://cdn.example.com/t.jpg' },
      technical_metadata: { file_size_bytes: 1024, video_codec: null },
      error: { message: 'The file is not a video.' },
      future_field: 1,
    };
    server = await startServer((_request, response) => sendJson(response, 200, failed));
    const asset = await clientFor(server).assets.retrieve('asset-1');
    expect(asset).toEqual(failed);
    expect(server.requests[0]?.url).toBe('/v1.3/assets/asset-1');
  });

  it('a missing asset is a NotFoundError; dot ids are refused', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 404, {
        code: 'resource_not_exist',
        message: 'Resource with id nope does not exist in assets.',
      }),
    );
    const assets = clientFor(server).assets;
    await expect(assets.retrieve('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(assets.retrieve('..')).rejects.toBeInstanceOf(ConfigurationError);
    await expect(assets.delete('')).rejects.toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(1);
  });

  it('delete sends force only when given; 200 {} and an empty 200 both resolve undefined', async () => {
    let calls = 0;
    server = await startServer((_request, response) =>
      calls++ === 0 ? sendJson(response, 200, {}) : sendJson(response, 200),
    );
    const assets = clientFor(server).assets;
    await expect(assets.delete('asset-1')).resolves.toBeUndefined();
    await expect(assets.delete('asset-1', { force: true })).resolves.toBeUndefined();
    expect(server.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE /v1.3/assets/asset-1',
      'DELETE /v1.3/assets/asset-1?force=true',
    ]);
  });

  it('delete of an asset in use is a 409 BadRequestError', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 409, { code: 'conflict', message: 'The asset is used by indexed assets.' }),
    );
    const error = await clientFor(server)
      .assets.delete('asset-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 409 });
  });
});

describe('assets user metadata', () => {
  it('PATCH merges, PUT replaces, DELETE clears, all on /user-metadata', async () => {
    server = await startServer((_request, response) => sendJson(response, 200));
    const assets = clientFor(server).assets;
    await expect(
      assets.updateMetadata('asset-1', { user_metadata: { team: null, reviewed: true } }),
    ).resolves.toBeUndefined();
    await expect(
      assets.replaceMetadata('asset-1', { user_metadata: { team: 'b' } }),
    ).resolves.toBeUndefined();
    await expect(assets.clearMetadata('asset-1')).resolves.toBeUndefined();
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['PATCH', '/v1.3/assets/asset-1/user-metadata', '{"user_metadata":{"team":null,"reviewed":true}}'],
      ['PUT', '/v1.3/assets/asset-1/user-metadata', '{"user_metadata":{"team":"b"}}'],
      ['DELETE', '/v1.3/assets/asset-1/user-metadata', ''],
    ]);
    expect(server.requests[0]?.headers['content-type']).toMatch(/^application\/json/);
  });

  it('needs { user_metadata: { ... } }', async () => {
    const assets = new TwelveLabsClient({ apiKey: key }).assets;
    await expect(assets.updateMetadata('a', {} as never)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(assets.replaceMetadata('a', { user_metadata: null } as never)).rejects.toThrow(
      /replaceMetadata needs \{ user_metadata/,
    );
  });
});

describe('assets.waitForReady', () => {
  it('polls until ready and resolves with the asset', async () => {
    const states = ['processing', 'processing', 'ready'];
    server = await startServer((_request, response) => {
      const status = states[Math.min(server?.requests.length ?? 1, states.length) - 1];
      sendJson(response, 200, { ...processing, status, size: status === 'ready' ? 10 : null });
    });
    const asset = await clientFor(server).assets.waitForReady('asset-1', { intervalMs: 5 });
    expect(asset).toMatchObject({ status: 'ready', size: 10 });
    expect(server.requests.map((r) => r.url)).toEqual(Array(3).fill('/v1.3/assets/asset-1'));
  });

  it('resolves with a failed asset, and keeps polling through a status it does not know', async () => {
    const states = ['validating', 'failed'];
    server = await startServer((_request, response) => {
      const status = states[Math.min(server?.requests.length ?? 1, states.length) - 1];
      sendJson(response, 200, { ...processing, status, error: { message: 'unsupported codec' } });
    });
    await expect(clientFor(server).assets.waitForReady('asset-1', { intervalMs: 5 })).resolves.toMatchObject({
      status: 'failed',
      error: { message: 'unsupported codec' },
    });
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after timeoutMs with a TimeoutError; a bad intervalMs is a ConfigurationError', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, processing));
    const assets = clientFor(server).assets;
    const error = (await assets
      .waitForReady('asset-1', { intervalMs: 20, timeoutMs: 120 })
      .catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('TwelveLabs asset asset-1 was not done after 120 ms');
    await expect(assets.waitForReady('asset-1', { intervalMs: -1 })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });
});
