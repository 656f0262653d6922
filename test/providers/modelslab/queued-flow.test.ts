import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createModelsLabWebhookHandler,
  GenerationMayHaveStartedError,
  isGenerationMayHaveStartedError,
  type JobProcessing,
  ModelsLabClient,
  type ModelsLabClientOptions,
  type ModelsLabWebhookDelivery,
} from '../../../providers/modelslab/index.js';
import {
  AbortError,
  ConnectionError,
  GenerationFailedError,
  InsufficientCreditsError,
  isAbortError,
  isGenerationFailedError,
  isServerError,
  RateLimitError,
  ServerError,
  TimeoutError,
  WebhookVerificationError,
} from '../../../src/index.js';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../../src/testing/index.js';
import { modelsLabClientFor } from '../../helpers/modelslab-client.js';
import { useNock } from '../../helpers/no-network.js';
import { everyRendering } from '../../helpers/secrets.js';
import { startServer, type TestServer } from '../../helpers/server.js';

// The queued flow of ModelsLab generations: polling with and without an eta, failed jobs, the
// overall timeout and the caller's abort, the per-account queue cap, and the one rule for money:
// a generation whose fate is unknown is never sent twice.

useNock();

let sim: Simulator | undefined;
let server: TestServer | undefined;
let receiver: http.Server | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await sim?.close();
  await server?.close();
  if (receiver) {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver?.close(resolve));
  }
  sim = undefined;
  server = undefined;
  receiver = undefined;
});

async function start(options?: SimulatorOptions['modelslab']): Promise<Simulator> {
  sim = await createSimulator({ modelslab: { jobMs: Number.POSITIVE_INFINITY, ...options } });
  return sim;
}

const clientFor = modelsLabClientFor;

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Records the delay of every setTimeout. Delays that `fast` picks fire at once, so a wait of
 * seconds costs nothing while its length is still checked; every other timer keeps its delay.
 */
function recordTimers(fast: (delay: number) => boolean = () => false): number[] {
  const delays: number[] = [];
  const real = globalThis.setTimeout;
  vi.spyOn(globalThis, 'setTimeout').mockImplementation(((
    callback: (...args: unknown[]) => void,
    delay?: number,
    ...args: unknown[]
  ) => {
    delays.push(delay ?? 0);
    return real(callback, delay !== undefined && fast(delay) ? 0 : delay, ...args);
  }) as typeof setTimeout);
  return delays;
}

// The jittered poll waits are fractions of a millisecond apart from any fixed timer of Node's or
// the simulator's (a socket's 3000, an attempt's 60000): only non-integer delays are poll waits.
const isPollWait = (delay: number, from: number, to: number) =>
  !Number.isInteger(delay) && delay >= from && delay <= to;

const failedMessage = 'Processing failed: Invalid input dimensions';

describe('ModelsLab polling', () => {
  it('polls a job that gives no eta: about 2 s, then about 4 s (±20 %), then it succeeds', async () => {
    const s = await start({ etaSeconds: null, processingFetches: 2 });
    const client = clientFor(s);
    const seen: JobProcessing[] = [];
    // Only the jittered poll waits (1.6–2.4 s and 3.2–4.8 s) are cut short.
    const delays = recordTimers(
      (delay) => isPollWait(delay, 1_600, 2_400) || isPollWait(delay, 3_200, 4_800),
    );
    const video = await client.video.generate(
      { model_id: 'wan2.2', prompt: 'waves' },
      { minPollMs: 0, maxPollMs: 600_000, onProcessing: (job) => seen.push(job) },
    );
    vi.restoreAllMocks();
    expect(video).toMatchObject({ status: 'success', id: 'ml-vid-1000' });
    const waits = delays.filter((delay) => isPollWait(delay, 0, 600_000));
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(1_600);
    expect(waits[0]).toBeLessThanOrEqual(2_400);
    expect(waits[1]).toBeGreaterThanOrEqual(3_200);
    expect(waits[1]).toBeLessThanOrEqual(4_800);
    expect(seen.map((job) => [job.status, job.id, job.eta])).toEqual([
      ['processing', 'ml-vid-1000', undefined],
      ['processing', 'ml-vid-1000', undefined],
    ]);
    expect(s.requests.map((r) => r.path)).toEqual([
      '/api/v6/video/text2video',
      '/api/v6/video/fetch/ml-vid-1000',
      '/api/v6/video/fetch/ml-vid-1000',
    ]);
  });

  it('an eta-less wait is clamped to maxPollMs and minPollMs too', async () => {
    const s = await start({ etaSeconds: null, processingFetches: 2 });
    const delays = recordTimers();
    await clientFor(s).video.generate({ model_id: 'm', prompt: 'p' }, { minPollMs: 0, maxPollMs: 47 });
    // Two processing answers (the start's and one fetch's): two waits, both capped.
    expect(delays.filter((delay) => delay === 47)).toHaveLength(2);
    expect(delays.filter((delay) => isPollWait(delay, 0, 600_000))).toHaveLength(0);
  });

  it('waits about the eta, clamped to maxPollMs', async () => {
    const s = await start({ etaSeconds: 5, processingFetches: 2 });
    const delays = recordTimers();
    const result = await clientFor(s).video.generate(
      { model_id: 'm', prompt: 'p' },
      { minPollMs: 0, maxPollMs: 53 },
    );
    expect(result.status).toBe('success');
    // eta 5 s would mean 4–6 s; maxPollMs caps both waits.
    expect(delays.filter((delay) => delay === 53)).toHaveLength(2);
    expect(delays.filter((delay) => isPollWait(delay, 0, 600_000))).toHaveLength(0);
  });

  it('waits about the eta, raised to minPollMs (the string eta of image answers too)', async () => {
    const s = await start({ etaSeconds: 0, processingFetches: 2 });
    const delays = recordTimers();
    const result = await clientFor(s).images.generate(
      { prompt: 'p', model_id: 'm', samples: 2 },
      { minPollMs: 37, maxPollMs: 600_000 },
    );
    expect(result.status).toBe('success');
    expect(delays.filter((delay) => delay === 37)).toHaveLength(2);
  });

  it('waits the eta itself, within ±20 %, when it lies between the bounds', async () => {
    const s = await start({ etaSeconds: 0.25, processingFetches: 3 });
    const delays = recordTimers((delay) => isPollWait(delay, 200, 300));
    const etas: unknown[] = [];
    await clientFor(s).realtime.generate(
      { prompt: 'p', samples: 2 },
      { minPollMs: 0, maxPollMs: 10_000, onProcessing: (job) => etas.push(job.eta) },
    );
    // The image families send the eta as a string; the client gives a number.
    expect(etas).toEqual([0.25, 0.25, 0.25]);
    const waits = delays.filter((delay) => isPollWait(delay, 0, 600_000));
    expect(waits).toHaveLength(3);
    for (const wait of waits) {
      expect(wait).toBeGreaterThanOrEqual(200);
      expect(wait).toBeLessThanOrEqual(300);
    }
  });
});

describe('ModelsLab failed jobs', () => {
  it('[fail:job] ends generate with GenerationFailedError carrying ModelsLab’s message, fetched once', async () => {
    const s = await start();
    const client = clientFor(s, { maxRetries: 2 });
    const error = await client.video
      .generate({ model_id: 'm', prompt: 'waves [fail:job]' }, { minPollMs: 0, maxPollMs: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationFailedError);
    expect(error).toBeInstanceOf(ServerError);
    expect(isGenerationFailedError(error)).toBe(true);
    expect(isServerError(error)).toBe(true);
    const failed = error as GenerationFailedError;
    expect(failed.message).toContain(failedMessage);
    expect(failed.message).not.toMatch(/max(imum)? retries/i);
    expect(failed).toMatchObject({ provider: 'modelslab', status: 200 });
    expect(everyRendering(error)).not.toContain(s.keys.modelslab.valid);
    // A failed job is an answer, not a transient error: the fetch is not sent again.
    expect(s.requests.map((r) => r.path)).toEqual([
      '/api/v6/video/text2video',
      '/api/v6/video/fetch/ml-vid-1000',
    ]);
  });

  it('[fail:job] on an image job fails the same way', async () => {
    const s = await start();
    const error = await clientFor(s)
      .images.generate({ prompt: '[fail:job]', model_id: 'm' }, { minPollMs: 0, maxPollMs: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationFailedError);
    expect((error as Error).message).toContain(failedMessage);
    expect(s.requests).toHaveLength(2);
  });

  it('[fail:start] → GenerationFailedError from the start call, sent once even with maxRetries 2', async () => {
    const s = await start();
    const client = clientFor(s, { maxRetries: 2 });
    const error = await client.images
      .text2img({ prompt: 'p [fail:start]', model_id: 'm' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationFailedError);
    expect(isGenerationFailedError(error)).toBe(true);
    expect((error as Error).message).toContain('Failed to generate image');
    expect((error as Error).message).not.toMatch(/max(imum)? retries/i);
    await expect(
      client.audio.generate({ prompt: '[fail:start]', voice_id: 'v', language: 'english' }),
    ).rejects.toBeInstanceOf(GenerationFailedError);
    expect(s.requests.map((r) => r.path)).toEqual([
      '/api/v6/images/text2img',
      '/api/v6/voice/text_to_speech',
    ]);
  });
});

describe('ModelsLab waiting: timeout and abort', () => {
  it('timeoutMs ends the wait with a TimeoutError while the job stays queued', async () => {
    const s = await start({ processingFetches: 1_000, etaSeconds: 0 });
    const error = await clientFor(s)
      .video.generate({ model_id: 'm', prompt: 'p' }, { minPollMs: 10, timeoutMs: 150 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 150 });
    expect((error as Error).message).toMatch(/may still finish/);
    expect(s.requests.length).toBeGreaterThanOrEqual(2);
    expect(s.requests[0]?.path).toBe('/api/v6/video/text2video');
  });

  it('wait() alone honours timeoutMs', async () => {
    const s = await start({ processingFetches: 1_000, etaSeconds: 0 });
    const client = clientFor(s);
    const job = await client.video.text2video({ model_id: 'm', prompt: 'p' });
    await expect(client.video.wait(job, { minPollMs: 10, timeoutMs: 100 })).rejects.toBeInstanceOf(
      TimeoutError,
    );
  });

  it('the caller’s signal ends the wait with an AbortError', async () => {
    const s = await start({ processingFetches: 1_000, etaSeconds: 0 });
    const controller = new AbortController();
    let polls = 0;
    const error = await clientFor(s)
      .video.generate(
        { model_id: 'm', prompt: 'p' },
        {
          minPollMs: 10,
          signal: controller.signal,
          onProcessing: () => {
            polls += 1;
            if (polls === 2) controller.abort();
          },
        },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(GenerationMayHaveStartedError);
    const sent = s.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(s.requests).toHaveLength(sent);
  });

  it('a signal aborted before the start sends nothing', async () => {
    const s = await start();
    const error = await clientFor(s)
      .images.generate({ prompt: 'p', model_id: 'm' }, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(s.requests).toHaveLength(0);
  });
});

describe('ModelsLab queue cap', () => {
  it('the job over queueLimit gets a RateLimitError with reason "queue" and the body’s retry_after', async () => {
    const s = await start({ queueLimit: 2, queueRetryAfterSeconds: 3 });
    const client = clientFor(s);
    await client.video.text2video({ model_id: 'm', prompt: 'one' });
    await client.images.text2img({ prompt: 'two', model_id: 'm', samples: 2 });
    const error = await client.images.text2img({ prompt: 'three', model_id: 'm' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).not.toBeInstanceOf(GenerationMayHaveStartedError);
    const limited = error as RateLimitError;
    expect(limited.reason).toBe('queue');
    expect(limited.retryAfterMs).toBe(3_000);
    expect(limited.status).toBe(429);
    expect(limited.message).toMatch(/queued/);
    expect(s.requests.map((r) => r.status)).toEqual([200, 200, 429]);
    // Another family of the same account is capped by the same queue.
    await expect(
      client.audio.textToSpeech({ prompt: 'p', voice_id: 'v', language: 'en' }),
    ).rejects.toMatchObject({
      reason: 'queue',
    });
  });

  it('with maxRetries 1 it waits retry_after and succeeds once a queued job has finished', async () => {
    const s = await start({ queueLimit: 1, queueRetryAfterSeconds: 0.2, jobMs: 50 });
    const client = clientFor(s, { maxRetries: 1 });
    await client.video.text2video({ model_id: 'm', prompt: 'one' });
    const delays = recordTimers();
    await expect(client.images.text2img({ prompt: 'two', model_id: 'm' })).resolves.toMatchObject({
      status: 'success',
    });
    expect(delays).toContain(200);
    expect(s.requests.map((r) => `${r.path} ${r.status}`)).toEqual([
      '/api/v6/video/text2video 200',
      '/api/v6/images/text2img 429',
      '/api/v6/images/text2img 200',
    ]);
  });
});

describe('ModelsLab generations are never sent twice when their fate is unknown (nock)', () => {
  const api = 'https://modelslab.com';
  const key = 'ml-test-key';
  const client = (options: ModelsLabClientOptions = {}) =>
    new ModelsLabClient({ apiKey: key, maxRetries: 2, ...options });

  // An Error instance: nock 15 never settles a fetch given a plain object here.
  const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

  /** Counts the requests a scope gets and keeps their bodies. */
  function counted(scope: nock.Scope): Array<Record<string, unknown>> {
    const bodies: Array<Record<string, unknown>> = [];
    scope.on('request', (_request: unknown, _interceptor: unknown, body: string) => {
      bodies.push(JSON.parse(body || '{}') as Record<string, unknown>);
    });
    return bodies;
  }

  it('402 → InsufficientCreditsError, sent exactly once even with maxRetries 2', async () => {
    const scope = nock(api)
      .post('/api/v6/images/text2img')
      .times(3)
      .reply(402, { status: 'error', message: 'Insufficient credits. Please add more credits to continue.' });
    const bodies = counted(scope);
    const error = await client()
      .images.text2img({ prompt: 'p', model_id: 'm' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InsufficientCreditsError);
    expect(error).toMatchObject({ status: 402 });
    expect(bodies).toHaveLength(1);
    expect(everyRendering(error)).not.toContain(key);
    nock.cleanAll();
  });

  it('a connection reset after the body was sent → GenerationMayHaveStartedError with the sent track_id, sent once', async () => {
    const scope = nock(api).post('/api/v6/images/text2img').times(3).replyWithError(reset());
    const bodies = counted(scope);
    const error = await client()
      .images.text2img({ prompt: 'p', model_id: 'm' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationMayHaveStartedError);
    expect(isGenerationMayHaveStartedError(error)).toBe(true);
    expect(isGenerationMayHaveStartedError(new ConnectionError('x'))).toBe(false);
    expect(bodies).toHaveLength(1);
    const sentTrackId = bodies[0]?.track_id;
    expect(sentTrackId).toMatch(/^[0-9a-f-]{36}$/);
    const unknownFate = error as GenerationMayHaveStartedError;
    expect(unknownFate.trackId).toBe(sentTrackId);
    expect(unknownFate.message).toContain(String(sentTrackId));
    expect(unknownFate.provider).toBe('modelslab');
    expect(unknownFate.cause).toBeInstanceOf(ConnectionError);
    expect(unknownFate.toJSON()).toMatchObject({ trackId: sentTrackId });
    expect(everyRendering(error)).not.toContain(key);
    nock.cleanAll();
  });

  it('keeps the caller’s own track_id on the error, for every family, through generate too', async () => {
    const scope = nock(api)
      .post(/\/api\/v6\/(video\/text2video|voice\/text_to_speech|realtime\/text2img)$/)
      .times(3)
      .replyWithError(reset());
    const bodies = counted(scope);
    const ml = client();
    const errors = await Promise.all([
      ml.video.text2video({ model_id: 'm', prompt: 'p', track_id: 'order-1' }).catch((e: unknown) => e),
      ml.audio
        .generate({ prompt: 'p', voice_id: 'v', language: 'en', track_id: 77 })
        .catch((e: unknown) => e),
      ml.realtime.generate({ prompt: 'p', track_id: 'order-3' }).catch((e: unknown) => e),
    ]);
    for (const error of errors) expect(error).toBeInstanceOf(GenerationMayHaveStartedError);
    expect(errors.map((e) => (e as GenerationMayHaveStartedError).trackId)).toEqual([
      'order-1',
      77,
      'order-3',
    ]);
    expect(bodies).toHaveLength(3);
    nock.cleanAll();
  });

  it('fetch (safe to retry) answered 503 is retried and succeeds; text2img answered 503 is not retried', async () => {
    const fetchScope = nock(api)
      .post('/api/v6/video/fetch/ml-vid-1', { key })
      .reply(503, { status: 'error', message: 'Service Unavailable' })
      .post('/api/v6/video/fetch/ml-vid-1', { key })
      .reply(200, { status: 'success', id: 'ml-vid-1', output: ['https://cdn.example/v.mp4'] });
    const ml = client({ maxRetries: 1 });
    await expect(ml.video.fetch('ml-vid-1')).resolves.toMatchObject({ status: 'success', id: 'ml-vid-1' });
    fetchScope.done();

    const startScope = nock(api)
      .post('/api/v6/images/text2img')
      .times(2)
      .reply(503, { status: 'error', message: 'Service Unavailable' });
    const bodies = counted(startScope);
    const error = await ml.images.text2img({ prompt: 'p', model_id: 'm' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).not.toBeInstanceOf(GenerationFailedError);
    expect(error).not.toBeInstanceOf(GenerationMayHaveStartedError);
    expect(error).toMatchObject({ status: 503 });
    expect(bodies).toHaveLength(1);
    nock.cleanAll();
  });

  it('account.balance (safe to retry) is retried after a reset', async () => {
    const scope = nock(api)
      .post('/api/wallet_balance', { key })
      .replyWithError(reset())
      .post('/api/wallet_balance', { key })
      .reply(200, { status: 'success', data: { balance: '12.5', currency: 'USD' } });
    await expect(client({ maxRetries: 1 }).account.balance()).resolves.toEqual({
      balance: 12.5,
      currency: 'USD',
    });
    scope.done();
  });
});

describe('ModelsLab generations whose fate is unknown (loopback)', () => {
  it('ECONNREFUSED (nothing listening) → ConnectionError, not GenerationMayHaveStartedError', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const key = 'ml-test-key';
    const ml = new ModelsLabClient({
      apiKey: key,
      baseUrl: `http://127.0.0.1:${port}/api/v6`,
      maxRetries: 0,
    });
    const error = await ml.images.text2img({ prompt: 'p', model_id: 'm' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(GenerationMayHaveStartedError);
    const codes: unknown[] = [];
    for (let link: unknown = (error as Error).cause; link instanceof Error; link = link.cause) {
      codes.push((link as { code?: unknown }).code);
    }
    expect(codes).toContain('ECONNREFUSED');
    expect(everyRendering(error)).not.toContain(key);
  });

  it('a per-attempt timeout on a generation → GenerationMayHaveStartedError caused by a TimeoutError, sent once', async () => {
    // Reads the request, never answers.
    server = await startServer(() => undefined);
    const key = 'ml-test-key';
    const ml = new ModelsLabClient({ apiKey: key, baseUrl: `${server.origin}/api/v6`, maxRetries: 2 });
    const error = await ml.video
      .text2video({ model_id: 'm', prompt: 'p', track_id: 'slow-1' }, { timeout: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationMayHaveStartedError);
    const unknownFate = error as GenerationMayHaveStartedError;
    expect(unknownFate.cause).toBeInstanceOf(TimeoutError);
    expect(unknownFate.trackId).toBe('slow-1');
    expect(unknownFate.message).toMatch(/timed out/);
    expect(everyRendering(error)).not.toContain(key);
    expect(server.requests).toHaveLength(1);
    expect(JSON.parse(server.requests[0]?.body ?? '{}')).toMatchObject({ track_id: 'slow-1', key });
  });

  it('generate with a per-attempt timeout ends the same way, without polling', async () => {
    server = await startServer(() => undefined);
    const ml = new ModelsLabClient({
      apiKey: 'ml-test-key',
      baseUrl: `${server.origin}/api/v6`,
      maxRetries: 2,
    });
    const error = await ml.images
      .generate({ prompt: 'p', model_id: 'm' }, { timeout: 100, minPollMs: 0 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationMayHaveStartedError);
    expect((error as GenerationMayHaveStartedError).cause).toBeInstanceOf(TimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it('the caller’s abort of a slow generation stays an AbortError', async () => {
    server = await startServer(() => undefined);
    const ml = new ModelsLabClient({
      apiKey: 'ml-test-key',
      baseUrl: `${server.origin}/api/v6`,
      maxRetries: 2,
    });
    const controller = new AbortController();
    const call = ml.images.text2img(
      { prompt: 'p', model_id: 'm' },
      { signal: controller.signal, timeout: 10_000 },
    );
    await until(() => server?.requests.length === 1);
    controller.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(error).not.toBeInstanceOf(GenerationMayHaveStartedError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('ModelsLab generations that cannot have started', () => {
  it('a key source that does not answer in time → TimeoutError (phase "key"), nothing sent', async () => {
    const s = await start();
    const ml = new ModelsLabClient({
      apiKey: () => new Promise<string>(() => undefined),
      baseUrl: s.modelslab.baseUrl,
      timeout: 50,
      maxRetries: 0,
    });
    const error = await ml.images.text2img({ prompt: 'p', model_id: 'm' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).not.toBeInstanceOf(GenerationMayHaveStartedError);
    expect((error as TimeoutError).phase).toBe('key');
    expect(s.requests).toHaveLength(0);
  });

  it('generate refuses bad poll options before the job is started (no credits spent)', async () => {
    const s = await start();
    for (const options of [{ minPollMs: -1 }, { maxPollMs: Number.NaN }, { timeoutMs: -5 }]) {
      const error = await clientFor(s)
        .images.generate({ prompt: 'p', model_id: 'm' }, options)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'ConfigurationError' });
    }
    expect(s.requests).toHaveLength(0);
  });
});

describe('ModelsLab webhooks end to end', () => {
  const secret = 'test-webhook-secret-0123456789abcdef';

  /** A node:http receiver on 127.0.0.1 that hands every delivery to the handler and answers 200. */
  async function startReceiver() {
    const deliveries: Array<ModelsLabWebhookDelivery | Error> = [];
    const statuses: number[] = [];
    let handler: ReturnType<typeof createModelsLabWebhookHandler> | undefined;
    receiver = http.createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request as AsyncIterable<Buffer>) chunks.push(chunk);
      try {
        if (!handler) throw new Error('no handler yet');
        deliveries.push(await handler.handle({ url: request.url ?? '/', body: Buffer.concat(chunks) }));
        statuses.push(200);
        response.writeHead(200).end();
      } catch (error) {
        const status = error instanceof WebhookVerificationError ? error.httpStatus : 500;
        deliveries.push(error as Error);
        statuses.push(status);
        response.writeHead(status).end();
      }
    });
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.address() as AddressInfo;
    handler = createModelsLabWebhookHandler({ secret, url: `http://127.0.0.1:${port}/modelslab` });
    return { handler, deliveries, statuses, port };
  }

  it('a video job’s webhook is delivered twice: handle() says duplicate false, then true; both answered 200', async () => {
    const { handler, deliveries, statuses, port } = await startReceiver();
    const s = await start({ webhookDeliveries: 2 });
    const target = handler.target();
    const client = clientFor(s);
    const job = await client.video.text2video({ model_id: 'wan2.2', prompt: 'waves', ...target });
    expect(job).toMatchObject({ status: 'processing', id: 'ml-vid-1000' });
    const video = await client.video.wait(job, { minPollMs: 0, maxPollMs: 10 });
    await until(() => s.webhookDeliveries.length === 2);
    expect(s.webhookDeliveries.map((d) => [d.url, d.status])).toEqual([
      [`http://127.0.0.1:${port}/modelslab`, 200],
      [`http://127.0.0.1:${port}/modelslab`, 200],
    ]);
    expect(statuses).toEqual([200, 200]);
    const handled = deliveries as ModelsLabWebhookDelivery[];
    expect(handled.map((d) => d.duplicate)).toEqual([false, true]);
    for (const { event } of handled) {
      expect(event).toMatchObject({
        status: 'success',
        id: 'ml-vid-1000',
        track_id: target.track_id,
        output: video.output,
      });
    }
    // The webhook payload never carries the key.
    expect(JSON.stringify(s.webhookDeliveries)).not.toContain(s.keys.modelslab.valid);
  });

  it('a [fail:job] with a webhook: generate throws GenerationFailedError and the failure event is delivered', async () => {
    const { handler, deliveries, statuses } = await startReceiver();
    const s = await start({ webhookDeliveries: 1 });
    const target = handler.target('order-fail-1');
    const error = await clientFor(s)
      .video.generate({ model_id: 'm', prompt: '[fail:job]', ...target }, { minPollMs: 0, maxPollMs: 10 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationFailedError);
    expect((error as Error).message).toContain(failedMessage);
    await until(() => s.webhookDeliveries.length === 1);
    expect(statuses).toEqual([200]);
    expect(deliveries).toEqual([
      {
        duplicate: false,
        event: {
          status: 'failed',
          id: 'ml-vid-1000',
          message: failedMessage,
          track_id: 'order-fail-1',
        },
      },
    ]);
  });

  it('a delivery to a webhook URL whose token was not made for its job is refused', async () => {
    const { handler, deliveries, statuses, port } = await startReceiver();
    const s = await start({ webhookDeliveries: 1, jobMs: 20 });
    const { webhook } = handler.target('order-a');
    // The caller pairs order-a's URL with another track_id: the payload no longer matches the token.
    await clientFor(s).video.text2video({ model_id: 'm', prompt: 'p', webhook, track_id: 'order-b' });
    await until(() => s.webhookDeliveries.length === 1);
    expect(statuses).toEqual([401]);
    expect(deliveries[0]).toBeInstanceOf(WebhookVerificationError);
    expect(deliveries[0]).toMatchObject({ reason: 'track_mismatch' });
    expect(s.webhookDeliveries[0]).toMatchObject({ url: `http://127.0.0.1:${port}/modelslab`, status: 401 });
  });
});
