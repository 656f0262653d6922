import { afterEach, describe, expect, it } from 'vitest';
import { ModelsLabClient } from '../../providers/modelslab/index.js';
import { TwelveLabsClient } from '../../providers/twelvelabs/index.js';
import {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  InsufficientCreditsError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../src/index.js';
import { createSimulator, type Simulator, StaticKeyStrategy } from '../../src/testing/index.js';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const twelvelabs = (s: Simulator, apiKey = s.keys.twelvelabs.valid) =>
  new TwelveLabsClient({ apiKey, baseUrl: s.twelvelabs.baseUrl, maxRetries: 0 });
const modelslab = (s: Simulator, apiKey = s.keys.modelslab.valid) =>
  new ModelsLabClient({ apiKey, baseUrl: s.modelslab.baseUrl, maxRetries: 0 });
const models = [{ model_name: 'marengo3.0', model_options: ['visual', 'audio'] }];

describe('createSimulator: TwelveLabs', () => {
  it('README example: lists indexes with the valid key and records the header credential, masked', async () => {
    sim = await createSimulator();
    const client = new TwelveLabsClient({
      apiKey: sim.keys.twelvelabs.valid,
      baseUrl: sim.twelvelabs.baseUrl,
    });
    await expect(client.indexes.list()).resolves.toMatchObject({
      data: [],
      page_info: { page: 1, total_page: 1 },
    });
    expect(sim.requests).toEqual([
      {
        provider: 'twelvelabs',
        method: 'GET',
        path: '/v1.3/indexes',
        credential: { location: 'header', name: 'x-api-key', masked: 'tl-s…' },
        credentials: [{ location: 'header', name: 'x-api-key', masked: 'tl-s…' }],
        status: 200,
      },
    ]);
    expect(JSON.stringify(sim.requests)).not.toContain(sim.keys.twelvelabs.valid);
  });

  it('keeps indexes: create, retrieve, list in pages, rename, delete', async () => {
    sim = await createSimulator();
    const client = twelvelabs(sim);
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c'])
      ids.push((await client.indexes.create({ index_name: name, models }))._id);
    await expect(client.indexes.create({ index_name: 'a', models })).rejects.toBeInstanceOf(BadRequestError);
    expect((await client.indexes.retrieve(ids[0] ?? '')).index_name).toBe('a');
    const page = await client.indexes.list({ page_limit: 2, sort_option: 'asc' });
    expect(page.page_info).toMatchObject({ page: 1, total_page: 2, total_results: 3 });
    const names: string[] = [];
    for await (const index of client.indexes.iterate({ page_limit: 2, sort_option: 'asc' }))
      names.push(index.index_name ?? '');
    expect(names).toEqual(['a', 'b', 'c']);
    await client.indexes.update(ids[1] ?? '', { index_name: 'renamed' });
    expect((await client.indexes.retrieve(ids[1] ?? '')).index_name).toBe('renamed');
    await client.indexes.delete(ids[2] ?? '');
    await expect(client.indexes.retrieve(ids[2] ?? '')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('runs tasks from upload to ready, and to failed for a failing video URL', async () => {
    sim = await createSimulator({ pollsUntilReady: 3 });
    const client = twelvelabs(sim);
    const { _id: indexId } = await client.indexes.create({ index_name: 'videos', models });
    const task = await client.tasks.create({ index_id: indexId, video_file: new Blob(['fake video']) });
    const statuses: string[] = [(await client.tasks.retrieve(task._id)).status];
    const done = await client.tasks.waitForDone(task._id, { intervalMs: 1 });
    statuses.push(done.status);
    expect(statuses).toEqual(['pending', 'ready']);
    expect(done.video_id).toBe(task.video_id);
    expect((await client.indexes.retrieve(indexId)).video_count).toBe(1);
    const failing = await client.tasks.create({
      index_id: indexId,
      video_url: 'https://example.com/fail.mp4',
    });
    await expect(client.tasks.waitForDone(failing._id, { intervalMs: 1 })).resolves.toMatchObject({
      status: 'failed',
    });
  });

  it.each([
    ['invalid', AuthenticationError, 401],
    ['expired', AuthenticationError, 401],
    ['forbidden', PermissionDeniedError, 403],
    ['rateLimited', RateLimitError, 429],
  ] as const)('the %s key → %o (%i)', async (scenario, errorClass, status) => {
    sim = await createSimulator();
    const error = (await twelvelabs(sim, sim.keys.twelvelabs[scenario])
      .indexes.list()
      .catch((e: unknown) => e)) as InstanceType<typeof errorClass>;
    expect(error).toBeInstanceOf(errorClass);
    expect(error.status).toBe(status);
    expect(JSON.stringify(error)).not.toContain(sim.keys.twelvelabs[scenario]);
  });

  it('treats a valid key sent anywhere but x-api-key as no key', async () => {
    sim = await createSimulator();
    const client = new TwelveLabsClient({
      strategy: new StaticKeyStrategy(sim.keys.twelvelabs.valid, { in: 'query' }),
      baseUrl: sim.twelvelabs.baseUrl,
    });
    await expect(client.indexes.list()).rejects.toBeInstanceOf(AuthenticationError);
    expect(sim.requests[0]?.credential).toEqual({ location: 'query', name: 'key', masked: 'tl-s…' });
  });

  it('accepts extra keys with a scenario each', async () => {
    sim = await createSimulator({ keys: { twelvelabs: { 'tl-test-key': 'valid' } } });
    await expect(twelvelabs(sim, 'tl-test-key').indexes.list()).resolves.toBeDefined();
  });
});

describe('createSimulator: ModelsLab', () => {
  it('generates at once, with the key in the body', async () => {
    sim = await createSimulator();
    const result = await modelslab(sim).images.text2img({ prompt: 'a cat', model_id: 'flux' });
    expect(result).toMatchObject({ status: 'success', output: [expect.stringContaining('/generations/')] });
    expect(sim.requests[0]?.credential).toEqual({ location: 'body', name: 'key', masked: 'ml-s…' });
  });

  it('queues samples > 1 as processing (string id and eta), then succeeds through fetch', async () => {
    sim = await createSimulator({ processingFetches: 2 });
    const client = modelslab(sim);
    const first = await client.images.text2img({ prompt: 'cats', model_id: 'flux', samples: 2 });
    expect(first).toMatchObject({ status: 'processing', eta: 1 });
    expect(typeof first.id).toBe('number');
    expect((await client.images.fetch(first.id)).status).toBe('processing');
    expect((await client.images.fetch(first.id)).status).toBe('success');
    expect(sim.requests.map((r) => `${r.path} ${r.credential.location}`)).toEqual([
      '/api/v6/images/text2img body',
      `/api/v6/images/fetch/${first.id} body`,
      `/api/v6/images/fetch/${first.id} body`,
    ]);
  });

  it.each([
    ['invalid', AuthenticationError, 200],
    ['noCredits', InsufficientCreditsError, 200],
    ['forbidden', PermissionDeniedError, 403],
    ['rateLimited', RateLimitError, 429],
  ] as const)('the %s key → %o (HTTP %i)', async (scenario, errorClass, status) => {
    sim = await createSimulator();
    const error = (await modelslab(sim, sim.keys.modelslab[scenario])
      .images.text2img({ prompt: 'p', model_id: 'm' })
      .catch((e: unknown) => e)) as InstanceType<typeof errorClass>;
    expect(error).toBeInstanceOf(errorClass);
    expect(error.status).toBe(status);
  });

  it('answers an unknown generation id as ModelsLab does: HTTP 200 with status "error"', async () => {
    sim = await createSimulator();
    const client = new ModelsLabClient({
      strategy: new StaticKeyStrategy(sim.keys.modelslab.valid, { in: 'body' }),
      baseUrl: sim.modelslab.baseUrl,
    });
    const error = await client.images.fetch(999_999).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as Error).message).toContain('Request not found');
  });
});

describe('createSimulator: faults and latency', () => {
  it('resets connections', async () => {
    sim = await createSimulator({ faults: { resetRate: 1 } });
    await expect(twelvelabs(sim).indexes.list()).rejects.toBeInstanceOf(ConnectionError);
    expect(sim.requests[0]?.status).toBe(0);
  });

  it('answers HTML 502s', async () => {
    sim = await createSimulator({ faults: { serverErrorRate: 1 } });
    const error = (await twelvelabs(sim)
      .indexes.list()
      .catch((e: unknown) => e)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(String(error.body)).toContain('502 Bad Gateway');
  });

  it('answers 429 with Retry-After, which the client honours and retries through', async () => {
    sim = await createSimulator({ faults: { rateLimitRate: 0.5, retryAfterSeconds: 0, seed: 7 } });
    const client = new TwelveLabsClient({
      apiKey: sim.keys.twelvelabs.valid,
      baseUrl: sim.twelvelabs.baseUrl,
      maxRetries: 10,
    });
    for (let i = 0; i < 10; i++) await client.indexes.list();
    const statuses = sim.requests.map((r) => r.status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
  });

  it('delays answers by latencyMs', async () => {
    sim = await createSimulator({ latencyMs: 300 });
    const client = new TwelveLabsClient({
      apiKey: sim.keys.twelvelabs.valid,
      baseUrl: sim.twelvelabs.baseUrl,
      timeout: 50,
    });
    await expect(client.indexes.list()).rejects.toBeInstanceOf(TimeoutError);
  });
});
