import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import { BadRequestError, ConfigurationError, NotFoundError, TimeoutError } from '../../../src/index.js';
import { createSimulator } from '../../../src/testing/index.js';
import { sendJson, startServer, type TestServer } from '../../helpers/server.js';

const key = 'tl-test-key';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (target: TestServer) =>
  new TwelveLabsClient({ apiKey: key, baseUrl: `${target.origin}/v1.3`, maxRetries: 0 });
const queryOf = (target: TestServer, n = 0) =>
  new URL(target.requests[n]?.url ?? '', target.origin).searchParams;

const indexed = {
  _id: 'ia-1',
  asset_id: 'asset-1',
  status: 'indexing',
  created_at: '2025-01-01T00:00:00Z',
  updated_at: null,
  indexed_at: null,
  system_metadata: { filename: 'talk.mp4', duration: 30.5, fps: null, width: 1280, height: null, size: null },
};

describe('indexedAssets.create', () => {
  it('README example: indexes an asset with a JSON body and gets 202 { _id, asset_id }', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 202, { _id: 'ia-1', asset_id: 'asset-1' }),
    );
    const created = await clientFor(server).indexedAssets.create('idx-1', {
      asset_id: 'asset-1',
      enable_video_stream: true,
      user_metadata: { team: 'a' },
    });
    expect(created).toEqual({ _id: 'ia-1', asset_id: 'asset-1' });
    const [received] = server.requests;
    expect(received?.method).toBe('POST');
    expect(received?.url).toBe('/v1.3/indexes/idx-1/indexed-assets');
    expect(received?.headers['x-api-key']).toBe(key);
    expect(received?.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(received?.body ?? '')).toEqual({
      asset_id: 'asset-1',
      enable_video_stream: true,
      user_metadata: { team: 'a' },
    });
  });

  it('leaves unset fields out; an asset_id null in the answer is accepted', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 202, { _id: 'ia-2', asset_id: null }),
    );
    await expect(clientFor(server).indexedAssets.create('idx-1', { asset_id: 'a' })).resolves.toEqual({
      _id: 'ia-2',
      asset_id: null,
    });
    expect(server.requests[0]?.body).toBe('{"asset_id":"a"}');
  });

  it('refuses a missing asset_id or index id, and non-object metadata, before sending', async () => {
    server = await startServer((_request, response) => sendJson(response, 202, { _id: 'x' }));
    const tl = clientFor(server).indexedAssets;
    await expect(tl.create('idx-1', {} as never)).rejects.toThrow(/needs an asset_id/);
    await expect(tl.create('idx-1', { asset_id: '' })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(tl.create('', { asset_id: 'a' })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(tl.create('idx-1', { asset_id: 'a', user_metadata: 'x' as never })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(server.requests).toHaveLength(0);
  });

  it('a 404 for the asset is a NotFoundError; a 400 a BadRequestError with its code', async () => {
    server = await startServer((request, response) =>
      request.url?.includes('missing')
        ? sendJson(response, 404, {
            code: 'resource_not_exist',
            message: 'Resource with id missing does not exist.',
          })
        : sendJson(response, 400, { code: 'parameter_invalid', message: 'The asset is not ready.' }),
    );
    const tl = clientFor(server).indexedAssets;
    await expect(tl.create('missing', { asset_id: 'a' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(tl.create('idx-1', { asset_id: 'a' })).rejects.toMatchObject({
      name: 'BadRequestError',
      code: 'parameter_invalid',
    });
  });
});

describe('indexedAssets.list and iterate', () => {
  it('sends statuses as repeated keys, ranges as name[gte]/name[lte], metadata as top-level keys', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, {
        data: [indexed],
        page_info: { page: 1, total_page: 1, total_results: null },
      }),
    );
    const page = await clientFor(server).indexedAssets.list('idx-1', {
      page_limit: 5,
      sort_by: 'updated_at',
      sort_option: 'asc',
      filename: 'talk',
      status: ['ready', 'failed'],
      duration: { gte: 10, lte: 60 },
      size: { lte: 1000 },
      created_at: '2025-01-01T00:00:00Z',
      user_metadata: { category: 'news', reviewed: true },
    });
    expect(page.data).toEqual([indexed]);
    expect(new URL(server.requests[0]?.url ?? '', server.origin).pathname).toBe(
      '/v1.3/indexes/idx-1/indexed-assets',
    );
    const query = queryOf(server);
    expect(query.getAll('status')).toEqual(['ready', 'failed']);
    expect(Object.fromEntries([...query].filter(([name]) => name !== 'status'))).toEqual({
      page_limit: '5',
      sort_by: 'updated_at',
      sort_option: 'asc',
      filename: 'talk',
      'duration[gte]': '10',
      'duration[lte]': '60',
      'size[lte]': '1000',
      created_at: '2025-01-01T00:00:00Z',
      category: 'news',
      reviewed: 'true',
    });
  });

  it('iterate stops at the last page that page_info names', async () => {
    server = await startServer((request, response) => {
      const page = Number(new URL(request.url ?? '', 'http://x').searchParams.get('page'));
      sendJson(response, 200, {
        data: [{ ...indexed, _id: `ia-${page}` }],
        page_info: { page, total_page: 2 },
      });
    });
    const ids: string[] = [];
    for await (const each of clientFor(server).indexedAssets.iterate('idx-1', { status: 'ready' })) {
      ids.push(each._id);
    }
    expect(ids).toEqual(['ia-1', 'ia-2']);
    expect(server.requests).toHaveLength(2);
    expect(queryOf(server, 1).get('status')).toBe('ready');
  });

  it('refuses a range given as a number and a metadata filter named like a parameter', async () => {
    const tl = new TwelveLabsClient({ apiKey: key }).indexedAssets;
    await expect(tl.list('idx-1', { duration: 30 as never })).rejects.toThrow(/is a range/);
    await expect(tl.list('idx-1', { user_metadata: { status: 'x' } })).rejects.toThrow(
      /has the name of a list parameter/,
    );
    await expect(tl.list('idx-1', null as never)).rejects.toBeInstanceOf(ConfigurationError);
  });
});

describe('indexedAssets.retrieve, update, delete', () => {
  it('retrieve sends embedding_option as repeated keys and accepts null details', async () => {
    const detail = {
      ...indexed,
      status: 'ready',
      user_metadata: null,
      hls: { video_url: null, thumbnail_urls: null, status: 'PROCESSING', updated_at: null },
      embedding: { model_name: 'marengo3.0', video_embedding: { segments: [] } },
      transcription: [
        { start: 0, end: 1.5, value: 'Hello' },
        { start: null, end: null, value: null },
      ],
    };
    server = await startServer((_request, response) => sendJson(response, 200, detail));
    const asset = await clientFor(server).indexedAssets.retrieve('idx-1', 'ia-1', {
      embedding_option: ['visual', 'audio'],
      transcription: true,
    });
    expect(asset).toEqual(detail);
    expect(server.requests[0]?.url).toBe(
      '/v1.3/indexes/idx-1/indexed-assets/ia-1?embedding_option=visual&embedding_option=audio&transcription=true',
    );
  });

  it('a missing indexed asset is a NotFoundError; dot ids are refused', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 404, {
        code: 'resource_not_exist',
        message: 'Resource with id nope does not exist.',
      }),
    );
    const tl = clientFor(server).indexedAssets;
    await expect(tl.retrieve('idx-1', 'nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(tl.retrieve('idx-1', '..')).rejects.toBeInstanceOf(ConfigurationError);
    await expect(tl.delete('%2e', 'ia-1')).rejects.toBeInstanceOf(ConfigurationError);
    expect(server.requests).toHaveLength(1);
  });

  it('update is a PATCH of user_metadata; delete a DELETE; both resolve undefined', async () => {
    server = await startServer((_request, response) => sendJson(response, 200));
    const tl = clientFor(server).indexedAssets;
    await expect(
      tl.update('idx-1', 'ia-1', { user_metadata: { team: null, reviewed: true } }),
    ).resolves.toBeUndefined();
    await expect(tl.delete('idx-1', 'ia-1')).resolves.toBeUndefined();
    expect(server.requests.map((r) => [r.method, r.url, r.body])).toEqual([
      ['PATCH', '/v1.3/indexes/idx-1/indexed-assets/ia-1', '{"user_metadata":{"team":null,"reviewed":true}}'],
      ['DELETE', '/v1.3/indexes/idx-1/indexed-assets/ia-1', ''],
    ]);
    await expect(tl.update('idx-1', 'ia-1', {} as never)).rejects.toBeInstanceOf(ConfigurationError);
  });

  it('a 400 on delete is a BadRequestError', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 400, { code: 'parameter_invalid', message: 'bad id' }),
    );
    await expect(clientFor(server).indexedAssets.delete('idx-1', 'ia-1')).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });
});

describe('indexedAssets.waitForDone', () => {
  it('polls through pending, queued and indexing until ready', async () => {
    const states = ['pending', 'queued', 'indexing', 'ready'];
    server = await startServer((_request, response) => {
      const status = states[Math.min(server?.requests.length ?? 1, states.length) - 1];
      sendJson(response, 200, { ...indexed, status });
    });
    const done = await clientFor(server).indexedAssets.waitForDone('idx-1', 'ia-1', { intervalMs: 5 });
    expect(done.status).toBe('ready');
    expect(server.requests.map((r) => r.url)).toEqual(
      Array(4).fill('/v1.3/indexes/idx-1/indexed-assets/ia-1'),
    );
  });

  it('resolves with a failed indexed asset', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { ...indexed, status: 'failed' }),
    );
    await expect(
      clientFor(server).indexedAssets.waitForDone('idx-1', 'ia-1', { intervalMs: 5 }),
    ).resolves.toMatchObject({ status: 'failed' });
  });

  it('gives up after timeoutMs with a TimeoutError; a signal stops it with an AbortError', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, indexed));
    const tl = clientFor(server).indexedAssets;
    const error = (await tl
      .waitForDone('idx-1', 'ia-1', { intervalMs: 20, timeoutMs: 120 })
      .catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toContain('TwelveLabs indexed asset ia-1 was not done after 120 ms');
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(
      tl.waitForDone('idx-1', 'ia-1', { intervalMs: 20, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('assets and indexed assets against the simulator', () => {
  it('upload by URL → waitForReady → indexedAssets.create → waitForDone → ready', async () => {
    const sim = await createSimulator();
    try {
      const tl = new TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl });
      const { _id: indexId } = await tl.indexes.create({
        index_name: 'assets',
        models: [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }],
      });
      const asset = await tl.assets.create({
        url: 'https://example.com/keynote.mp4',
        enable_thumbnail: true,
        user_metadata: { team: 'a' },
      });
      expect(asset).toMatchObject({ method: 'url', status: 'processing', filename: 'keynote.mp4' });
      const ready = await tl.assets.waitForReady(asset._id, { intervalMs: 5, timeoutMs: 5_000 });
      expect(ready.status).toBe('ready');
      expect(ready.thumbnail?.status).toBe('ready');
      expect(ready.user_metadata).toEqual({ team: 'a' });

      const created = await tl.indexedAssets.create(indexId, {
        asset_id: asset._id,
        enable_video_stream: true,
      });
      expect(created.asset_id).toBe(asset._id);
      const done = await tl.indexedAssets.waitForDone(indexId, created._id, {
        intervalMs: 5,
        timeoutMs: 5_000,
      });
      expect(done).toMatchObject({ status: 'ready', asset_id: asset._id, hls: { status: 'COMPLETE' } });
      expect(done.system_metadata?.filename).toBe('keynote.mp4');

      const listed = await tl.indexedAssets.list(indexId, {
        status: ['ready', 'failed'],
        filename: 'keynote',
      });
      expect(listed.data.map((each) => each._id)).toEqual([created._id]);
      await tl.indexedAssets.update(indexId, created._id, { user_metadata: { speaker: 'Ada' } });
      await expect(tl.indexedAssets.retrieve(indexId, created._id)).resolves.toMatchObject({
        user_metadata: { speaker: 'Ada' },
      });

      // An asset an index uses is refused a plain delete (409), and deleted with force.
      await expect(tl.assets.delete(asset._id)).rejects.toMatchObject({
        name: 'BadRequestError',
        status: 409,
      });
      await tl.indexedAssets.delete(indexId, created._id);
      await expect(tl.indexedAssets.retrieve(indexId, created._id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(tl.assets.delete(asset._id, { force: true })).resolves.toBeUndefined();
      await expect(tl.assets.retrieve(asset._id)).rejects.toBeInstanceOf(NotFoundError);
    } finally {
      await sim.close();
    }
  });

  it('a direct upload is listed by type; a failed asset resolves waitForReady with its error', async () => {
    const sim = await createSimulator();
    try {
      const tl = new TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl });
      const audio = await tl.assets.create({
        file: new File(['a'.repeat(2048)], 'talk.mp3', { type: 'audio/mpeg' }),
      });
      const broken = await tl.assets.create({
        url: 'https://example.com/broken.mp4',
        filename: 'broken [fail].mp4',
      });
      const failed = await tl.assets.waitForReady(broken._id, { intervalMs: 5, timeoutMs: 5_000 });
      expect(failed.status).toBe('failed');
      expect(typeof failed.error?.message).toBe('string');
      const audios = await tl.assets.list({ asset_types: ['audio'] });
      expect(audios.data.map((each) => each._id)).toEqual([audio._id]);
      const both = await tl.assets.list({ asset_ids: [audio._id, broken._id] });
      expect(both.data.map((each) => each._id)).toEqual([broken._id, audio._id]);
      // An asset that is not ready yet cannot be indexed.
      const { _id: indexId } = await tl.indexes.create({
        index_name: 'early',
        models: [{ model_name: 'marengo3.0', model_options: ['visual'] }],
      });
      await expect(tl.indexedAssets.create(indexId, { asset_id: broken._id })).rejects.toBeInstanceOf(
        BadRequestError,
      );
    } finally {
      await sim.close();
    }
  });
});
