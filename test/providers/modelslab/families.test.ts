import { afterEach, describe, expect, it } from 'vitest';
import type {
  ApiPromise,
  JobResult,
  JobSuccess,
  ModelsLabClient,
} from '../../../providers/modelslab/index.js';
import { ConfigurationError, NotFoundError } from '../../../src/index.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../../src/testing/index.js';
import { modelsLabClientFor } from '../../helpers/modelslab-client.js';
import { everyRendering } from '../../helpers/secrets.js';

// Every v6 family of the ModelsLab client against the loopback simulator: the path each method
// posts to, the key in the body and nowhere else, the queued flow, and the checks made before a
// byte is sent.

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(options?: SimulatorOptions): Promise<Simulator> {
  sim = await createSimulator(options);
  return sim;
}

const clientFor = modelsLabClientFor;

const image = 'https://example.com/in.png';
const mask = 'https://example.com/mask.png';
const bodyKey = [{ location: 'body', name: 'key', masked: expect.any(String) }];

type FamilyCall = [
  name: string,
  path: string,
  call: (client: ModelsLabClient, params?: Record<string, unknown>) => ApiPromise<JobResult>,
  params: Record<string, unknown>,
  required: readonly string[],
];

// The params each endpoint needs (the client's required fields, and the simulator's), by method.
const familyCalls: FamilyCall[] = [
  [
    'images.text2img',
    '/api/v6/images/text2img',
    (c, p) => c.images.text2img(p as never),
    { prompt: 'a lighthouse', model_id: 'flux' },
    ['prompt', 'model_id'],
  ],
  [
    'images.img2img',
    '/api/v6/images/img2img',
    (c, p) => c.images.img2img(p as never),
    { model_id: 'flux', init_image: image },
    ['model_id', 'init_image'],
  ],
  [
    'images.inpaint',
    '/api/v6/images/inpaint',
    (c, p) => c.images.inpaint(p as never),
    { model_id: 'flux', prompt: 'a boat', init_image: image, mask_image: mask },
    ['model_id', 'prompt', 'init_image', 'mask_image'],
  ],
  [
    'images.controlnet',
    '/api/v6/images/controlnet',
    (c, p) => c.images.controlnet(p as never),
    { model_id: 'flux', controlnet_model: 'canny', init_image: image, prompt: 'lines' },
    ['model_id', 'controlnet_model', 'init_image'],
  ],
  [
    'realtime.text2img',
    '/api/v6/realtime/text2img',
    (c, p) => c.realtime.text2img(p as never),
    { prompt: 'a red fox' },
    ['prompt'],
  ],
  [
    'realtime.img2img',
    '/api/v6/realtime/img2img',
    (c, p) => c.realtime.img2img(p as never),
    { prompt: 'a red fox', init_image: image },
    ['prompt', 'init_image'],
  ],
  [
    'realtime.inpaint',
    '/api/v6/realtime/inpaint',
    (c, p) => c.realtime.inpaint(p as never),
    { prompt: 'a red fox', init_image: image, mask_image: mask },
    ['prompt', 'init_image', 'mask_image'],
  ],
  [
    'video.text2video',
    '/api/v6/video/text2video',
    (c, p) => c.video.text2video(p as never),
    { model_id: 'wan2.2', prompt: 'waves at night' },
    ['model_id', 'prompt'],
  ],
  [
    'video.img2video',
    '/api/v6/video/img2video',
    (c, p) => c.video.img2video(p as never),
    { model_id: 'wan2.2', init_image: image },
    ['model_id', 'init_image'],
  ],
  [
    'audio.textToSpeech',
    '/api/v6/voice/text_to_speech',
    (c, p) => c.audio.textToSpeech(p as never),
    { prompt: 'Hello there', voice_id: 'madison', language: 'american english' },
    ['prompt', 'voice_id', 'language'],
  ],
];

/** Records every request body the client sends, then sends it on. */
function recordingFetch(bodies: Array<Record<string, unknown>>): typeof fetch {
  return (async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = await request.clone().text();
    bodies.push(text === '' ? {} : (JSON.parse(text) as Record<string, unknown>));
    return globalThis.fetch(request, init);
  }) as typeof fetch;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const field of Object.values(value)) deepFreeze(field);
    Object.freeze(value);
  }
  return value;
}

describe('ModelsLab families: every method posts to its path with the key in the body only', () => {
  it.each(familyCalls)('%s → POST %s', async (_name, path, call, params) => {
    const s = await start();
    const answer = await call(clientFor(s), params);
    expect(['success', 'processing']).toContain(answer.status);
    expect(s.requests).toHaveLength(1);
    const [request] = s.requests;
    expect(request).toMatchObject({ provider: 'modelslab', method: 'POST', path, status: 200 });
    // Exactly one credential: the body field `key`. No header, no query parameter.
    expect(request?.credentials).toEqual(bodyKey);
    expect(request?.credential).toEqual(bodyKey[0]);
  });

  it('answers images and realtime at once with a success, video and voice with a processing job', async () => {
    const s = await start();
    const client = clientFor(s);
    const states = [];
    for (const [name, , call, params] of familyCalls)
      states.push([name, (await call(client, params)).status]);
    expect(Object.fromEntries(states)).toEqual({
      'images.text2img': 'success',
      'images.img2img': 'success',
      'images.inpaint': 'success',
      'images.controlnet': 'success',
      'realtime.text2img': 'success',
      'realtime.img2img': 'success',
      'realtime.inpaint': 'success',
      'video.text2video': 'processing',
      'video.img2video': 'processing',
      'audio.textToSpeech': 'processing',
    });
  });
});

describe('ModelsLab families: generate', () => {
  const generations: Array<[string, (c: ModelsLabClient) => Promise<JobSuccess>, RegExp, readonly string[]]> =
    [
      [
        'images',
        (c) => c.images.generate({ prompt: 'p', model_id: 'm', samples: 2 }, { minPollMs: 0, maxPollMs: 10 }),
        /\/generations\/\d+-[01]\.png$/,
        ['/api/v6/images/text2img', '/api/v6/images/fetch/1000'],
      ],
      [
        'realtime',
        (c) => c.realtime.generate({ prompt: 'p', samples: 2 }, { minPollMs: 0, maxPollMs: 10 }),
        /\/generations\/\d+-[01]\.png$/,
        ['/api/v6/realtime/text2img', '/api/v6/realtime/fetch/1000'],
      ],
      [
        'video',
        (c) => c.video.generate({ model_id: 'wan2.2', prompt: 'waves' }, { minPollMs: 0, maxPollMs: 10 }),
        /\/generations\/ml-vid-\d+-0\.mp4$/,
        ['/api/v6/video/text2video', '/api/v6/video/fetch/ml-vid-1000'],
      ],
      [
        'audio',
        (c) =>
          c.audio.generate(
            { prompt: 'Hi', voice_id: 'madison', language: 'english' },
            { minPollMs: 0, maxPollMs: 10 },
          ),
        /\/generations\/ml-tts-\d+-0\.wav$/,
        ['/api/v6/voice/text_to_speech', '/api/v6/voice/fetch/ml-tts-1000'],
      ],
    ];

  it.each(generations)(
    '%s.generate starts, fetches the queued job and returns the success with output',
    async (_family, generate, output, paths) => {
      // The job never finishes by itself: only the client's fetch can finish it.
      const s = await start({ modelslab: { jobMs: Number.POSITIVE_INFINITY } });
      const result = await generate(clientFor(s));
      expect(result.status).toBe('success');
      expect(result.output.length).toBeGreaterThan(0);
      for (const url of result.output) expect(url).toMatch(output);
      expect(s.requests.map((r) => r.path)).toEqual(paths);
      for (const request of s.requests) expect(request.credentials).toEqual(bodyKey);
    },
  );

  it('generate returns at once, without a fetch, when the first answer is already a success', async () => {
    const s = await start();
    const result = await clientFor(s).images.generate(
      { prompt: 'p', model_id: 'm' },
      { minPollMs: 0, maxPollMs: 10 },
    );
    expect(result).toMatchObject({
      status: 'success',
      id: 1000,
      output: [expect.stringMatching(/1000-0\.png$/)],
    });
    expect(s.requests.map((r) => r.path)).toEqual(['/api/v6/images/text2img']);
  });
});

describe('ModelsLab families: fetch', () => {
  it('fetches an image job by a numeric id and by the same id as a string', async () => {
    const s = await start({ modelslab: { jobMs: Number.POSITIVE_INFINITY, processingFetches: 2 } });
    const client = clientFor(s);
    const queued = await client.images.text2img({ prompt: 'p', model_id: 'm', samples: 2 });
    if (queued.status !== 'processing') throw new Error('expected a queued job');
    // The simulator sends the numeric id as a string; the client gives a number.
    expect(queued.id).toBe(1000);
    await expect(client.images.fetch(1000)).resolves.toMatchObject({ status: 'processing', id: 1000 });
    await expect(client.images.fetch('1000')).resolves.toMatchObject({ status: 'success', id: 1000 });
    expect(s.requests.map((r) => r.path)).toEqual([
      '/api/v6/images/text2img',
      '/api/v6/images/fetch/1000',
      '/api/v6/images/fetch/1000',
    ]);
    for (const request of s.requests) expect(request.credentials).toEqual(bodyKey);
  });

  it('fetches realtime, video and voice jobs at their own fetch paths, video and voice ids being strings', async () => {
    const s = await start({ modelslab: { jobMs: Number.POSITIVE_INFINITY } });
    const client = clientFor(s);
    const realtime = await client.realtime.text2img({ prompt: 'p', samples: 2 });
    const video = await client.video.text2video({ model_id: 'wan2.2', prompt: 'p' });
    const speech = await client.audio.textToSpeech({ prompt: 'p', voice_id: 'v', language: 'english' });
    expect([realtime.id, video.id, speech.id]).toEqual([1000, 'ml-vid-1001', 'ml-tts-1002']);
    await expect(client.realtime.fetch(realtime.id)).resolves.toMatchObject({ status: 'success', id: 1000 });
    await expect(client.video.fetch(video.id)).resolves.toMatchObject({
      status: 'success',
      id: 'ml-vid-1001',
      output: [expect.stringMatching(/ml-vid-1001-0\.mp4$/)],
    });
    await expect(client.audio.fetch('ml-tts-1002')).resolves.toMatchObject({
      status: 'success',
      id: 'ml-tts-1002',
      audio_time: 3.2,
    });
    expect(s.requests.slice(3).map((r) => r.path)).toEqual([
      '/api/v6/realtime/fetch/1000',
      '/api/v6/video/fetch/ml-vid-1001',
      '/api/v6/voice/fetch/ml-tts-1002',
    ]);
    for (const request of s.requests) expect(request.credentials).toEqual(bodyKey);
  });

  it('refuses an empty or dots-only id before sending', async () => {
    const s = await start();
    const client = clientFor(s);
    for (const id of ['', ' ', '..', '%2e%2e']) {
      await expect(client.video.fetch(id)).rejects.toBeInstanceOf(ConfigurationError);
    }
    expect(s.requests).toHaveLength(0);
  });

  it('images.fetch falls back to POST images/fetch with request_id, then goes straight there', async () => {
    const s = await start({
      modelslab: { imageFetch: 'request_id', jobMs: Number.POSITIVE_INFINITY, processingFetches: 2 },
    });
    const client = clientFor(s);
    const queued = await client.images.text2img({ prompt: 'p', model_id: 'm', samples: 2 });
    expect(queued).toMatchObject({
      status: 'processing',
      id: 1000,
      fetch_result: `${s.origin}/api/v6/images/fetch`,
    });
    await expect(client.images.fetch(queued.id)).resolves.toMatchObject({ status: 'processing', id: 1000 });
    expect(s.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/api/v6/images/text2img 200',
      '/api/v6/images/fetch/1000 404',
      '/api/v6/images/fetch 200',
    ]);
    // The second fetch goes straight to the form that worked: no 404 first.
    await expect(client.images.fetch(queued.id)).resolves.toMatchObject({ status: 'success', id: 1000 });
    expect(s.requests.slice(3).map((r) => `${r.path} ${r.status}`)).toEqual(['/api/v6/images/fetch 200']);
    for (const request of s.requests) expect(request.credentials).toEqual(bodyKey);
  });

  it('images.generate waits through the request_id form too', async () => {
    const s = await start({ modelslab: { imageFetch: 'request_id', jobMs: Number.POSITIVE_INFINITY } });
    const result = await clientFor(s).images.generate(
      { prompt: 'p', model_id: 'm', samples: 2 },
      { minPollMs: 0, maxPollMs: 10 },
    );
    expect(result).toMatchObject({ status: 'success', id: 1000 });
    expect(s.requests.map((r) => r.path)).toEqual([
      '/api/v6/images/text2img',
      '/api/v6/images/fetch/1000',
      '/api/v6/images/fetch',
    ]);
  });

  it('images.fetch sends request_id as a string in the body with the key', async () => {
    const s = await start({ modelslab: { imageFetch: 'request_id', jobMs: Number.POSITIVE_INFINITY } });
    const bodies: Array<Record<string, unknown>> = [];
    const client = clientFor(s, { fetch: recordingFetch(bodies) });
    await client.images.text2img({ prompt: 'p', model_id: 'm', samples: 2 });
    await client.images.fetch(1000);
    expect(bodies.slice(1)).toEqual([
      { key: s.keys.modelslab.valid },
      { key: s.keys.modelslab.valid, request_id: '1000' },
    ]);
  });

  it('with only the path form served, images.fetch uses it and never tries request_id', async () => {
    const s = await start({ modelslab: { imageFetch: 'path', jobMs: Number.POSITIVE_INFINITY } });
    const client = clientFor(s);
    await client.images.text2img({ prompt: 'p', model_id: 'm', samples: 2 });
    await expect(client.images.fetch(1000)).resolves.toMatchObject({ status: 'success' });
    await expect(client.images.fetch(1000)).resolves.toMatchObject({ status: 'success' });
    expect(s.requests.map((r) => r.path)).toEqual([
      '/api/v6/images/text2img',
      '/api/v6/images/fetch/1000',
      '/api/v6/images/fetch/1000',
    ]);
  });

  it('an unknown id after the fallback is ModelsLab\'s "Request not found.", not a NotFoundError of the path form', async () => {
    const s = await start({ modelslab: { imageFetch: 'request_id' } });
    const error = await clientFor(s)
      .images.fetch(999_999)
      .catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(NotFoundError);
    expect((error as Error).message).toContain('Request not found');
    expect(s.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/api/v6/images/fetch/999999 404',
      '/api/v6/images/fetch 200',
    ]);
  });
});

describe('ModelsLab families: refused before sending', () => {
  it.each(familyCalls)(
    '%s names each missing or blank required field',
    async (name, _path, call, params, required) => {
      const s = await start();
      const client = clientFor(s);
      for (const field of required) {
        for (const value of [undefined, '', '   ', 42]) {
          const broken: Record<string, unknown> = { ...params, [field]: value };
          if (value === undefined) delete broken[field];
          const error = await call(client, broken).catch((e: unknown) => e);
          expect(error, `${name} without ${field} (${String(value)})`).toBeInstanceOf(ConfigurationError);
          expect((error as Error).message).toContain(`\`${field}\``);
        }
      }
      expect(s.requests).toHaveLength(0);
    },
  );

  it.each(familyCalls)(
    '%s refuses a `key` in the params without showing it',
    async (_name, _path, call, params) => {
      const s = await start();
      const leaked = 'ml-leaked-key-in-params';
      const error = await call(clientFor(s), { ...params, key: leaked }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain('apiKey');
      expect(everyRendering(error)).not.toContain(leaked);
      expect(s.requests).toHaveLength(0);
    },
  );

  it('refuses a `key` in the params of every generate, even an empty one', async () => {
    const s = await start();
    const client = clientFor(s);
    const key = { key: '' };
    const calls = [
      client.images.generate({ prompt: 'p', model_id: 'm', ...key }),
      client.realtime.generate({ prompt: 'p', ...key }),
      client.video.generate({ prompt: 'p', model_id: 'm', ...key }),
      client.audio.generate({ prompt: 'p', voice_id: 'v', language: 'english', ...key }),
    ];
    for (const call of calls) await expect(call).rejects.toBeInstanceOf(ConfigurationError);
    expect(s.requests).toHaveLength(0);
  });

  it('textToSpeech takes a prompt of 2500 characters and refuses 2501', async () => {
    const s = await start();
    const client = clientFor(s);
    const speech = { voice_id: 'madison', language: 'american english' };
    const error = await client.audio
      .textToSpeech({ prompt: 'a'.repeat(2501), ...speech })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/2,?500/);
    await expect(client.audio.generate({ prompt: 'b'.repeat(2501), ...speech })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(s.requests).toHaveLength(0);
    await expect(client.audio.textToSpeech({ prompt: 'a'.repeat(2500), ...speech })).resolves.toMatchObject({
      status: 'processing',
    });
    expect(s.requests.map((r) => r.path)).toEqual(['/api/v6/voice/text_to_speech']);
  });

  it('refuses a malformed track_id or webhook before sending', async () => {
    const s = await start();
    const client = clientFor(s);
    const params = { prompt: 'p', model_id: 'm' };
    for (const track_id of ['', 'x'.repeat(201), 1.5, { id: 1 }]) {
      await expect(client.images.text2img({ ...params, track_id: track_id as never })).rejects.toBeInstanceOf(
        ConfigurationError,
      );
    }
    await expect(client.images.text2img({ ...params, webhook: 42 as never })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(s.requests).toHaveLength(0);
  });

  it('wait refuses poll bounds outside 0–600000 ms before fetching', async () => {
    const s = await start();
    const client = clientFor(s);
    const job = { status: 'processing', id: 1000, eta: 1 } as const;
    for (const bounds of [{ minPollMs: -1 }, { maxPollMs: 600_001 }, { minPollMs: Number.NaN }]) {
      await expect(client.images.wait(job, bounds)).rejects.toBeInstanceOf(ConfigurationError);
    }
    expect(s.requests).toHaveLength(0);
  });
});

describe('ModelsLab account', () => {
  it('balance() posts to /api/wallet_balance with the key in the body and gives numbers', async () => {
    const s = await start();
    await expect(clientFor(s).account.balance()).resolves.toEqual({ balance: 25, currency: 'USD' });
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({ method: 'POST', path: '/api/wallet_balance', status: 200 });
    expect(s.requests[0]?.credentials).toEqual(bodyKey);
  });

  it('reads the balances option per key, and 0 for a key without credits', async () => {
    const s = await start({
      keys: { modelslab: { 'ml-test-key': 'valid' } },
      modelslab: { balances: { 'ml-test-key': 3.75 } },
    });
    await expect(clientFor(s, { apiKey: 'ml-test-key' }).account.balance()).resolves.toEqual({
      balance: 3.75,
      currency: 'USD',
    });
    await expect(clientFor(s).account.balance()).resolves.toEqual({ balance: 25, currency: 'USD' });
    await expect(clientFor(s, { apiKey: s.keys.modelslab.noCredits }).account.balance()).resolves.toEqual({
      balance: 0,
      currency: 'USD',
    });
    for (const request of s.requests) expect(request.credentials).toEqual(bodyKey);
  });
});

describe('ModelsLab families: track_id and the caller params', () => {
  it('sends a generated UUID track_id when none is given, a new one per call, and keeps the caller’s own', async () => {
    const s = await start();
    const bodies: Array<Record<string, unknown>> = [];
    const client = clientFor(s, { fetch: recordingFetch(bodies) });
    await client.images.text2img({ prompt: 'p', model_id: 'm' });
    await client.images.text2img({ prompt: 'p', model_id: 'm' });
    await client.video.text2video({ prompt: 'p', model_id: 'm', track_id: 'order-42' });
    await client.audio.textToSpeech({ prompt: 'p', voice_id: 'v', language: 'english', track_id: 7 });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    expect(bodies[0]).toEqual({
      prompt: 'p',
      model_id: 'm',
      key: s.keys.modelslab.valid,
      track_id: expect.stringMatching(uuid),
    });
    expect(bodies[1]?.track_id).toEqual(expect.stringMatching(uuid));
    expect(bodies[1]?.track_id).not.toBe(bodies[0]?.track_id);
    expect(bodies[2]?.track_id).toBe('order-42');
    expect(bodies[3]?.track_id).toBe(7);
  });

  it('fetch sends no track_id', async () => {
    const s = await start({ modelslab: { jobMs: Number.POSITIVE_INFINITY } });
    const bodies: Array<Record<string, unknown>> = [];
    const client = clientFor(s, { fetch: recordingFetch(bodies) });
    const video = await client.video.text2video({ prompt: 'p', model_id: 'm' });
    await client.video.fetch(video.id);
    expect(bodies[1]).toEqual({ key: s.keys.modelslab.valid });
  });

  it('never modifies the caller’s params (frozen objects pass, nothing is added)', async () => {
    const s = await start({ modelslab: { jobMs: Number.POSITIVE_INFINITY } });
    const client = clientFor(s);
    const all = familyCalls.map(([, , call, params]) => {
      const own = deepFreeze(structuredClone({ ...params, extra: { nested: [1, 2] } }));
      return [call, own, structuredClone(own)] as const;
    });
    for (const [call, own, copy] of all) {
      await call(client, own);
      expect(own).toEqual(copy);
      expect(own).not.toHaveProperty('track_id');
      expect(own).not.toHaveProperty('key');
    }
    const generateParams = deepFreeze({ prompt: 'p', model_id: 'm', samples: 2 });
    await client.images.generate(generateParams, { minPollMs: 0, maxPollMs: 10 });
    expect(generateParams).toEqual({ prompt: 'p', model_id: 'm', samples: 2 });
    const unfrozen: Record<string, unknown> = { prompt: 'p', model_id: 'm' };
    await client.images.text2img(unfrozen as never);
    expect(Object.keys(unfrozen)).toEqual(['prompt', 'model_id']);
  });
});
