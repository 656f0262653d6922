import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

// The simulated TwelveLabs assets, multipart uploads (parts to a second, S3-like origin) and
// indexed assets, with plain fetch.

let sim: Simulator | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await sim?.close();
  sim = undefined;
});

interface Answer {
  status: number;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are read loosely.
  body: any;
}

async function start(options: Parameters<typeof createSimulator>[0] = {}): Promise<Simulator> {
  sim = await createSimulator({ pollsUntilReady: 2, twelvelabs: { chunkSize: 1024 }, ...options });
  return sim;
}

async function call(path: string, init: RequestInit = {}): Promise<Answer> {
  if (!sim) throw new Error('no simulator');
  const headers = new Headers(init.headers);
  headers.set('x-api-key', sim.keys.twelvelabs.valid);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  const response = await fetch(`${sim.twelvelabs.baseUrl}/${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text) };
}

const post = (path: string, body: unknown) => call(path, { method: 'POST', body: JSON.stringify(body) });

function assetForm(fields: Record<string, string | File>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
}

const createAsset = (fields: Record<string, string | File>) =>
  call('assets', { method: 'POST', body: assetForm(fields) });

async function readyAsset(filename = 'clip.mp4'): Promise<string> {
  const created = await createAsset({ method: 'url', url: `https://cdn.example.com/${filename}` });
  for (let i = 0; i < 2; i++) await call(`assets/${created.body._id}`);
  return created.body._id;
}

async function put(url: string, bytes: Uint8Array<ArrayBuffer>, headers?: Record<string, string>) {
  const response = await fetch(url, {
    method: 'PUT',
    body: bytes,
    headers: { 'content-type': 'application/octet-stream', ...headers },
  });
  return { status: response.status, etag: response.headers.get('etag'), text: await response.text() };
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

describe('TwelveLabs simulator: multipart uploads', () => {
  it('takes parts on the storage origin without a key, reports them by ETag and makes a ready asset', async () => {
    await start();
    const file = new Uint8Array(2500).map((_, i) => i % 251);
    const created = await post('assets/multipart-uploads', {
      filename: 'big.mp4',
      type: 'video',
      total_size: file.length,
      user_metadata: { source: 'bench' },
    });
    expect(created.status).toBe(201);
    const { upload_id, asset_id, upload_urls, chunk_size, total_chunks } = created.body;
    expect(created.body).toMatchObject({ chunk_size: 1024, total_chunks: 3, upload_headers: {} });
    expect(upload_urls.map((url: { chunk_index: number }) => url.chunk_index)).toEqual([1, 2, 3]);
    expect(upload_urls[0].url).toMatch(new RegExp(`^${sim?.twelvelabs.storage.origin}/uploads/`));
    expect(Date.parse(upload_urls[0].expires_at)).toBeGreaterThan(Date.now());

    const proofs = [];
    for (const { chunk_index, url } of upload_urls) {
      const chunk = file.subarray((chunk_index - 1) * chunk_size, chunk_index * chunk_size);
      const answer = await put(url, chunk);
      // S3 quotes its ETags; clients strip the quotes for the proof.
      expect(answer).toMatchObject({ status: 200, etag: `"${md5(chunk)}"` });
      proofs.push({
        chunk_index,
        proof: answer.etag?.replace(/"/g, ''),
        proof_type: 'etag',
        chunk_size: chunk.length,
      });
    }
    expect(proofs.map((proof) => proof.chunk_size)).toEqual([1024, 1024, 452]);
    expect(sim?.twelvelabs.storage.requests.map((request) => request.credentials)).toEqual([[], [], []]);
    expect(sim?.twelvelabs.storage.requests[2]).toMatchObject({ method: 'PUT', status: 200, bytes: 452 });

    const first = await post(`assets/multipart-uploads/${upload_id}`, {
      completed_chunks: proofs.slice(0, 2),
    });
    expect(first.body).toEqual({ asset_id, processed_chunks: 2, duplicate_chunks: 0, total_completed: 2 });
    const status = await call(`assets/multipart-uploads/${upload_id}?page_limit=2&page=2`);
    expect(status.body).toMatchObject({
      upload_id,
      status: 'active',
      chunks_completed: 2,
      chunks_pending: 1,
      chunks_failed: 0,
      total_size: 2500,
      uploaded_size: 2048,
      uploaded_chunks: [{ index: 3, status: 'pending', uploaded_at: null }],
    });
    expect((await call('assets/multipart-uploads')).body.data).toMatchObject([
      { upload_id, status: 'active', total_size: 2500, chunk_size: 1024, total_chunks },
    ]);
    expect((await call(`assets/${asset_id}`)).status).toBe(404);

    const last = await post(`assets/multipart-uploads/${upload_id}`, { completed_chunks: proofs.slice(1) });
    expect(last.body).toMatchObject({
      asset_id,
      processed_chunks: 1,
      duplicate_chunks: 1,
      total_completed: 3,
    });
    expect(typeof last.body.url).toBe('string');
    expect((await call(`assets/multipart-uploads/${upload_id}`)).body.status).toBe('completed');
    expect((await call('assets/multipart-uploads')).body.data).toEqual([]);

    expect((await call(`assets/${asset_id}`)).body).toMatchObject({
      method: 'multipart',
      status: 'processing',
    });
    expect((await call(`assets/${asset_id}`)).body).toMatchObject({
      _id: asset_id,
      method: 'multipart',
      status: 'ready',
      filename: 'big.mp4',
      file_type: 'video/mp4',
      size: 2500,
      duration: 30,
      user_metadata: { source: 'bench' },
      technical_metadata: { file_size_bytes: 2500 },
    });
  });

  it('rejects a wrong proof or size, gives more URLs, refuses bad signatures and fails on demand', async () => {
    const { twelvelabs } = await start();
    const created = await post('assets/multipart-uploads', {
      filename: 'a.mp4',
      type: 'video',
      total_size: 30_000,
    });
    const { upload_id, upload_urls, total_chunks } = created.body;
    expect(total_chunks).toBe(30);
    expect(upload_urls).toHaveLength(10);

    const more = await post(`assets/multipart-uploads/${upload_id}/presigned-urls`, { start: 28, count: 50 });
    expect(more.body).toMatchObject({ upload_id, start_index: 28, count: 3 });
    expect(more.body.upload_urls.map((url: { chunk_index: number }) => url.chunk_index)).toEqual([
      28, 29, 30,
    ]);
    expect(
      (await post(`assets/multipart-uploads/${upload_id}/presigned-urls`, { start: 0, count: 1 })).status,
    ).toBe(400);
    expect(
      (await post(`assets/multipart-uploads/${upload_id}/presigned-urls`, { start: 1, count: 51 })).status,
    ).toBe(400);

    const chunk = new Uint8Array(1024).fill(7);
    const { etag } = await put(upload_urls[0].url, chunk);
    const report = (proof: string, size = 1024) =>
      post(`assets/multipart-uploads/${upload_id}`, {
        completed_chunks: [{ chunk_index: 1, proof, proof_type: 'etag', chunk_size: size }],
      });
    expect(await report('0'.repeat(32))).toMatchObject({ status: 400, body: { code: 'parameter_invalid' } });
    expect((await report(String(etag).replace(/"/g, ''), 1000)).status).toBe(400);
    const unsent = await post(`assets/multipart-uploads/${upload_id}`, {
      completed_chunks: [{ chunk_index: 2, proof: md5(chunk), proof_type: 'etag', chunk_size: 1024 }],
    });
    expect(unsent.status).toBe(400);
    expect((await report(String(etag).replace(/"/g, ''))).body.total_completed).toBe(1);

    // A short middle chunk is stored but cannot be proved.
    expect((await put(upload_urls[1].url, new Uint8Array(10))).status).toBe(200);
    const short = await post(`assets/multipart-uploads/${upload_id}`, {
      completed_chunks: [
        { chunk_index: 2, proof: md5(new Uint8Array(10)), proof_type: 'etag', chunk_size: 10 },
      ],
    });
    expect(short).toMatchObject({ status: 400, body: { code: 'parameter_invalid' } });

    const tampered = upload_urls[2].url.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=deadbeef');
    const refused = await put(tampered, chunk);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('<Code>SignatureDoesNotMatch</Code>');
    // A signature is good for its own chunk only.
    const elsewhere = upload_urls[2].url.replace(/\/3\?/, '/4?');
    expect((await put(elsewhere, chunk)).status).toBe(403);
    expect((await put(`${twelvelabs.storage.origin}/uploads/${upload_id}/3`, chunk)).status).toBe(403);

    twelvelabs.storage.failNext(2);
    expect((await put(upload_urls[2].url, chunk)).status).toBe(503);
    expect((await put(upload_urls[2].url, chunk)).status).toBe(503);
    expect(await put(upload_urls[2].url, chunk)).toMatchObject({ status: 200, etag: `"${md5(chunk)}"` });
    twelvelabs.storage.failNext(1, 500);
    expect((await put(upload_urls[3].url, chunk)).status).toBe(500);
    expect(twelvelabs.storage.requests.at(-2)).toMatchObject({ status: 200, bytes: 1024 });

    const get = await fetch(upload_urls[4].url);
    expect(get.status).toBe(405);
    expect(await call('assets/multipart-uploads/nope')).toMatchObject({
      status: 404,
      body: { code: 'resource_not_exist' },
    });
    expect(
      (await post('assets/multipart-uploads', { filename: 'a.mp4', type: 'video', total_size: 0 })).status,
    ).toBe(400);
    expect(
      (await post('assets/multipart-uploads', { filename: 'a.pdf', type: 'pdf', total_size: 9 })).status,
    ).toBe(400);
  });

  it('refuses an expired URL (AccessDenied) and lets the session expire after 24 h', async () => {
    await start();
    const created = await post('assets/multipart-uploads', {
      filename: 'a.mp4',
      type: 'video',
      total_size: 10,
    });
    const { upload_id, upload_urls } = created.body;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 2 * 60 * 60 * 1000);
    const expired = await put(upload_urls[0].url, new Uint8Array(10));
    expect(expired.status).toBe(403);
    expect(expired.text).toContain('<Code>AccessDenied</Code>');
    const fresh = await post(`assets/multipart-uploads/${upload_id}/presigned-urls`, { start: 1, count: 1 });
    expect((await put(fresh.body.upload_urls[0].url, new Uint8Array(10))).status).toBe(200);
    vi.setSystemTime(Date.now() + 24 * 60 * 60 * 1000);
    expect((await call(`assets/multipart-uploads/${upload_id}`)).body.status).toBe('expired');
  });

  it('takes each presigned URL once: a second PUT with it is refused', async () => {
    await start();
    const created = await post('assets/multipart-uploads', {
      filename: 'a.mp4',
      type: 'video',
      total_size: 10,
    });
    const [first] = created.body.upload_urls;
    expect((await put(first.url, new Uint8Array(10))).status).toBe(200);
    const again = await put(first.url, new Uint8Array(10));
    expect(again.status).toBe(403);
    expect(again.text).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('records a key that reaches the storage origin, masked', async () => {
    const { twelvelabs, keys } = await start();
    const created = await post('assets/multipart-uploads', {
      filename: 'a.mp4',
      type: 'video',
      total_size: 10,
    });
    await put(created.body.upload_urls[0].url, new Uint8Array(10), { 'x-api-key': keys.twelvelabs.valid });
    const [request] = twelvelabs.storage.requests;
    expect(request?.credentials).toEqual([
      { location: 'header', name: 'x-api-key', masked: expect.stringMatching(/…$/) },
    ]);
    expect(JSON.stringify(twelvelabs.storage.requests)).not.toContain(keys.twelvelabs.valid);
    expect(request?.path).toBe(`/uploads/${created.body.upload_id}/1`);
  });
});

describe('TwelveLabs simulator: assets', () => {
  it('creates direct and URL assets that become ready or failed, lists, retrieves and deletes them', async () => {
    await start();
    const direct = await createAsset({
      method: 'direct',
      file: new File([new Uint8Array(2048)], 'song.mp3'),
      enable_hls: 'true',
      enable_thumbnail: 'true',
      user_metadata: JSON.stringify({ genre: 'jazz', plays: 3 }),
    });
    expect(direct.status).toBe(201);
    expect(direct.body).toMatchObject({
      method: 'direct',
      status: 'processing',
      filename: 'song.mp3',
      file_type: 'audio/mpeg',
      user_metadata: { genre: 'jazz', plays: 3 },
    });
    const byUrl = await createAsset({ method: 'url', url: 'https://cdn.example.com/pics/Cat%20Photo.png' });
    expect(byUrl.body).toMatchObject({ method: 'url', filename: 'Cat Photo.png', file_type: 'image/png' });
    expect(byUrl.body).not.toHaveProperty('user_metadata');
    const failing = await createAsset({
      method: 'url',
      url: 'https://cdn.example.com/x.mp4',
      filename: 'x [fail].mp4',
    });

    const id = direct.body._id;
    const processing = (await call(`assets/${id}`)).body;
    expect(processing).toMatchObject({ status: 'processing', hls: { status: 'processing' } });
    expect(processing).not.toHaveProperty('size');
    expect(processing).not.toHaveProperty('technical_metadata');
    const ready = (await call(`assets/${id}`)).body;
    expect(ready).toMatchObject({
      status: 'ready',
      size: 2048,
      duration: 30,
      technical_metadata: { file_size_bytes: 2048, file_mime_type: 'audio/mpeg' },
      hls: { status: 'ready', manifest_url: expect.any(String) },
      thumbnail: { status: 'ready', representative_url: expect.any(String) },
    });
    await call(`assets/${failing.body._id}`);
    expect((await call(`assets/${failing.body._id}`)).body).toMatchObject({
      status: 'failed',
      error: { message: expect.any(String) },
    });

    const all = (await call('assets')).body;
    expect(all.data.map((asset: { _id: string }) => asset._id)).toEqual([
      failing.body._id,
      byUrl.body._id,
      id,
    ]);
    expect(all.page_info).toEqual({ limit_per_page: 10, page: 1, total_page: 1, total_results: 3 });
    const images = (await call('assets?asset_types=image&asset_types=audio&filename=CAT')).body;
    expect(images.data.map((asset: { _id: string }) => asset._id)).toEqual([byUrl.body._id]);
    const picked = (await call(`assets?asset_ids=${id}&asset_ids=${failing.body._id}&page_limit=1&page=2`))
      .body;
    expect(picked.data.map((asset: { _id: string }) => asset._id)).toEqual([id]);

    expect(await call(`assets/${id}`, { method: 'DELETE' })).toMatchObject({ status: 200 });
    expect(await call(`assets/${id}`)).toMatchObject({ status: 404, body: { code: 'resource_not_exist' } });
    expect((await call(`assets/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 400 to a bad form', async () => {
    await start();
    const file = new File(['x'], 'a.mp4');
    expect(await createAsset({ url: 'https://example.com/a.mp4' })).toMatchObject({
      status: 400,
      body: { code: 'parameter_not_provided' },
    });
    expect((await createAsset({ method: 'direct' })).status).toBe(400);
    expect((await createAsset({ method: 'url', file })).status).toBe(400);
    expect((await createAsset({ method: 'direct', file, url: 'https://example.com/a.mp4' })).status).toBe(
      400,
    );
    expect((await createAsset({ method: 'upload', file })).status).toBe(400);
    expect(await createAsset({ method: 'direct', file, user_metadata: '{nope' })).toMatchObject({
      status: 400,
      body: { code: 'parameter_invalid' },
    });
    expect((await post('assets', { method: 'url', url: 'https://example.com/a.mp4' })).status).toBe(400);
  });
});

describe('TwelveLabs simulator: indexed assets', () => {
  it('indexes a ready asset to ready, shows its video, refuses to delete the asset without force', async () => {
    await start();
    const index = await post('indexes', {
      index_name: 'assets',
      models: [{ model_name: 'marengo3.0', model_options: ['visual'] }],
    });
    const indexId = index.body._id;
    const pending = await createAsset({ method: 'url', url: 'https://cdn.example.com/late.mp4' });
    expect(await post(`indexes/${indexId}/indexed-assets`, { asset_id: pending.body._id })).toMatchObject({
      status: 400,
      body: { code: 'parameter_invalid' },
    });
    const assetId = await readyAsset('talk.mp4');
    expect((await post('indexes/nope/indexed-assets', { asset_id: assetId })).status).toBe(404);

    const created = await post(`indexes/${indexId}/indexed-assets`, {
      asset_id: assetId,
      enable_video_stream: true,
      user_metadata: { speaker: 'ada', year: 2024 },
    });
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ _id: expect.any(String), asset_id: assetId });
    const id = created.body._id;
    const listed = (await call(`indexes/${indexId}/indexed-assets?status=pending`)).body;
    expect(listed.data).toMatchObject([
      { _id: id, asset_id: assetId, status: 'pending', system_metadata: { filename: 'talk.mp4' } },
    ]);
    expect(listed.data[0]).not.toHaveProperty('user_metadata');
    expect((await call(`indexes/${indexId}/videos`)).body.data).toEqual([]);

    expect((await call(`indexes/${indexId}/indexed-assets/${id}`)).body).toMatchObject({
      status: 'queued',
      hls: { status: 'PROCESSING' },
    });
    const ready = (await call(`indexes/${indexId}/indexed-assets/${id}`)).body;
    expect(ready).toMatchObject({
      _id: id,
      status: 'ready',
      indexed_at: expect.any(String),
      system_metadata: { filename: 'talk.mp4', duration: 30, fps: 30, width: 1280, height: 720 },
      user_metadata: { speaker: 'ada', year: 2024 },
      hls: { status: 'COMPLETE', video_url: expect.any(String) },
    });
    const videos = (await call(`indexes/${indexId}/videos`)).body.data;
    expect(videos.map((video: { _id: string }) => video._id)).toEqual([id]);
    expect(
      (await call(`indexes/${indexId}/indexed-assets?status=ready&status=failed`)).body.data,
    ).toHaveLength(1);
    expect((await call(`indexes/${indexId}/indexed-assets?filename=other`)).body.data).toEqual([]);
    expect((await call(`indexes/${indexId}/indexed-assets?status=done`)).status).toBe(400);

    const patched = await call(`indexes/${indexId}/indexed-assets/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ user_metadata: { speaker: null, topic: 'ai' } }),
    });
    expect(patched).toMatchObject({ status: 200, text: '' });
    expect((await call(`indexes/${indexId}/indexed-assets/${id}`)).body.user_metadata).toEqual({
      year: 2024,
      topic: 'ai',
    });
    expect((await call(`indexes/${indexId}/videos/${id}`)).body.user_metadata).toEqual({
      year: 2024,
      topic: 'ai',
    });

    expect(await call(`assets/${assetId}`, { method: 'DELETE' })).toMatchObject({ status: 409 });
    expect((await call(`assets/${assetId}`)).status).toBe(200);
    expect(await call(`indexes/${indexId}/indexed-assets/${id}`, { method: 'DELETE' })).toMatchObject({
      status: 200,
      text: '',
    });
    expect((await call(`indexes/${indexId}/indexed-assets/${id}`)).status).toBe(404);
    expect((await call(`indexes/${indexId}/videos`)).body.data).toEqual([]);
    expect((await call(`assets/${assetId}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('deletes an asset in use with force=true', async () => {
    await start();
    const index = await post('indexes', { index_name: 'f', models: [{ model_name: 'marengo3.0' }] });
    const assetId = await readyAsset();
    await post(`indexes/${index.body._id}/indexed-assets`, { asset_id: assetId });
    expect(await call(`assets/${assetId}`, { method: 'DELETE' })).toMatchObject({
      status: 409,
      body: { code: expect.any(String), message: expect.stringContaining('force=true') },
    });
    expect((await call(`assets/${assetId}?force=true`, { method: 'DELETE' })).status).toBe(200);
    expect((await call(`assets/${assetId}`)).status).toBe(404);
  });
});
