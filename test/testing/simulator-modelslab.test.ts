import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, type Simulator, type SimulatorOptions } from '../../src/testing/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

// The simulated ModelsLab on the wire, with plain fetch: no keygate client in between.

let sim: Simulator | undefined;
let receiver: TestServer | undefined;
afterEach(async () => {
  await sim?.close();
  await receiver?.close();
  sim = undefined;
  receiver = undefined;
});

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test reads arbitrary JSON fields.
  body: any;
}

async function start(options?: SimulatorOptions): Promise<Simulator> {
  sim = await createSimulator(options);
  return sim;
}

async function post(
  path: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  if (!sim) throw new Error('start the simulator first');
  const response = await fetch(`${sim.origin}/api/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Posts with the valid key in the body. */
const ml = (path: string, body: Record<string, unknown> = {}) =>
  post(path, { key: sim?.keys.modelslab.valid, ...body });

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const image = 'https://example.com/in.png';

describe('simulated ModelsLab: families', () => {
  it.each([
    ['v6/images/text2img', { prompt: 'a cat', model_id: 'flux' }, 'success', '.png'],
    ['v6/images/img2img', { model_id: 'flux', init_image: image }, 'success', '.png'],
    [
      'v6/images/inpaint',
      { prompt: 'p', model_id: 'flux', init_image: image, mask_image: image },
      'success',
      '.png',
    ],
    [
      'v6/images/controlnet',
      { prompt: 'p', model_id: 'flux', controlnet_model: 'canny', init_image: image },
      'success',
      '.png',
    ],
    ['v6/realtime/text2img', { prompt: 'p' }, 'success', '.png'],
    ['v6/realtime/img2img', { prompt: 'p', init_image: image }, 'success', '.png'],
    ['v6/realtime/inpaint', { prompt: 'p', init_image: image, mask_image: image }, 'success', '.png'],
    ['v6/video/text2video', { prompt: 'p', model_id: 'cogvideox' }, 'processing', '.mp4'],
    ['v6/video/img2video', { model_id: 'svd', init_image: image }, 'processing', '.mp4'],
    [
      'v6/voice/text_to_speech',
      { prompt: 'hello', voice_id: 'madison', language: 'english' },
      'processing',
      '.wav',
    ],
  ])('%s answers %s', async (path, body, status, extension) => {
    await start();
    const answer = await ml(path, body);
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe(status);
    const urls: string[] = answer.body.output ?? answer.body.future_links;
    expect(urls[0]).toMatch(new RegExp(`\\${extension}$`));
    if (status === 'success') {
      expect(typeof answer.body.id).toBe('number');
      expect(answer.body.proxy_links).toHaveLength(1);
      expect(answer.body.meta).toMatchObject({ seed: expect.any(Number) });
    }
  });

  it('names every missing field, Laravel style, in an HTTP 200 error', async () => {
    await start();
    expect((await ml('v6/images/controlnet', { prompt: 'p' })).body).toEqual({
      status: 'error',
      message: {
        model_id: ['The model id field is required.'],
        controlnet_model: ['The controlnet model field is required.'],
        init_image: ['The init image field is required.'],
      },
    });
    const voice = await ml('v6/voice/text_to_speech', {
      prompt: 'x'.repeat(2501),
      voice_id: 'v',
      language: 'en',
    });
    expect(voice.body.message).toEqual({ prompt: ['The prompt may not be greater than 2500 characters.'] });
  });

  it('answers the wallet balance, per key when balances says so', async () => {
    const s = await start({
      keys: { modelslab: { 'ml-test-key-rich': 'valid' } },
      modelslab: { balances: { 'ml-test-key-rich': 99.5 } },
    });
    expect((await ml('wallet_balance')).body).toEqual({
      status: 'success',
      data: { balance: 25, currency: 'USD' },
    });
    expect((await post('wallet_balance', { key: 'ml-test-key-rich' })).body.data.balance).toBe(99.5);
    expect((await post('wallet_balance', { key: s.keys.modelslab.noCredits })).body.data.balance).toBe(0);
  });
});

describe('simulated ModelsLab: queued jobs', () => {
  it('queues video with a string id and no eta when etaSeconds is null, then succeeds through fetch', async () => {
    await start({ modelslab: { etaSeconds: null, processingFetches: 2 } });
    const queued = await ml('v6/video/text2video', { prompt: 'waves', model_id: 'cogvideox' });
    expect(queued.body).toEqual({
      status: 'processing',
      id: 'ml-vid-1000',
      fetch_result: `${sim?.origin}/api/v6/video/fetch/ml-vid-1000`,
      future_links: [`${sim?.origin}/generations/ml-vid-1000-0.mp4`],
      message: 'Try to fetch request after given estimated time',
    });
    expect((await ml('v6/video/fetch/ml-vid-1000')).body.status).toBe('processing');
    expect((await ml('v6/video/fetch/ml-vid-1000')).body).toMatchObject({
      status: 'success',
      id: 'ml-vid-1000',
      output: [expect.stringMatching(/\.mp4$/)],
      meta: { prompt: 'waves', model_id: 'cogvideox' },
    });
  });

  it('queues images with samples > 1 (numeric-string id and eta) and serves both image fetch forms', async () => {
    await start({ modelslab: { processingFetches: 2 } });
    const queued = await ml('v6/images/text2img', { prompt: 'cats', model_id: 'flux', samples: 2 });
    expect(queued.body).toMatchObject({ status: 'processing', id: '1000', eta: '1' });
    expect(queued.body.future_links).toHaveLength(2);
    expect((await ml('v6/images/fetch/1000')).body.status).toBe('processing');
    const done = await ml('v6/images/fetch', { request_id: '1000' });
    expect(done.body).toMatchObject({ status: 'success', id: 1000 });
    expect(done.body.output).toHaveLength(2);
    expect((await ml('v6/images/fetch', { request_id: 1000 })).body.status).toBe('success');
    expect((await ml('v6/images/fetch')).body.message).toEqual({
      request_id: ['The request id field is required.'],
    });
  });

  it('serves only the configured image fetch form', async () => {
    await start({ modelslab: { imageFetch: 'request_id' } });
    const queued = await ml('v6/images/text2img', { prompt: 'p', model_id: 'm', samples: 2 });
    expect(queued.body.fetch_result).toBe(`${sim?.origin}/api/v6/images/fetch`);
    expect((await ml(`v6/images/fetch/${queued.body.id}`)).status).toBe(404);
    expect((await ml('v6/images/fetch', { request_id: queued.body.id })).body.status).toBe('success');
  });

  it('answers "Request not found." for a job fetched under another family', async () => {
    await start();
    const voice = await ml('v6/voice/text_to_speech', { prompt: 'hi', voice_id: 'v', language: 'en' });
    expect(voice.body.id).toBe('ml-tts-1000');
    expect((await ml(`v6/video/fetch/${voice.body.id}`)).body).toEqual({
      status: 'error',
      message: 'Request not found.',
    });
    expect((await ml(`v6/voice/fetch/${voice.body.id}`)).body).toMatchObject({
      status: 'success',
      output: [expect.stringMatching(/\.wav$/)],
      meta: { voice_id: 'v', language: 'en' },
    });
  });

  it('finishes a queued job by itself after jobMs, fetched or not', async () => {
    await start({ modelslab: { jobMs: 30, processingFetches: 5, queueLimit: 1 } });
    const queued = await ml('v6/realtime/text2img', { prompt: 'p', samples: 3 });
    expect(queued.body.status).toBe('processing');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await ml(`v6/realtime/fetch/${queued.body.id}`)).body.status).toBe('success');
    expect((await ml('v6/realtime/text2img', { prompt: 'p', samples: 3 })).status).toBe(200);
  });

  it('caps queued jobs per key: the 6th gets 429 with retry_after, and one finishing frees a slot', async () => {
    const s = await start();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await ml('v6/video/text2video', { prompt: 'p', model_id: 'm' })).body.id);
    const refused = await ml('v6/video/text2video', { prompt: 'p', model_id: 'm' });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      status: 'error',
      message: 'Rate limit exceeded. Maximum 5 queued requests allowed.',
      retry_after: 2,
    });
    expect(refused.headers.get('retry-after')).toBeNull();
    expect((await ml(`v6/video/fetch/${ids[0]}`)).body.status).toBe('success');
    expect((await ml('v6/video/text2video', { prompt: 'p', model_id: 'm' })).body.status).toBe('processing');
    expect(s.requests.at(-1)?.status).toBe(200);
  });

  it('counts the cap per key', async () => {
    await start({ keys: { modelslab: { 'ml-test-key-other': 'valid' } }, modelslab: { queueLimit: 1 } });
    await ml('v6/video/text2video', { prompt: 'p', model_id: 'm' });
    expect((await ml('v6/video/text2video', { prompt: 'p', model_id: 'm' })).status).toBe(429);
    const other = await post('v6/video/text2video', { key: 'ml-test-key-other', prompt: 'p', model_id: 'm' });
    expect(other.body.status).toBe('processing');
  });

  it('injects failures by prompt marker: [fail:start] at once, [fail:job] on the finishing fetch', async () => {
    await start();
    expect((await ml('v6/images/text2img', { prompt: 'x [fail:start]', model_id: 'm' })).body).toEqual({
      status: 'error',
      message: 'Failed to generate image',
    });
    const queued = await ml('v6/images/text2img', { prompt: 'x [fail:job]', model_id: 'm' });
    expect(queued.body.status).toBe('processing');
    expect((await ml(`v6/images/fetch/${queued.body.id}`)).body).toEqual({
      status: 'failed',
      id: Number(queued.body.id),
      message: 'Processing failed: Invalid input dimensions',
    });
  });
});

describe('simulated ModelsLab: where the key goes', () => {
  it('refuses a body route that got the key only as a Bearer header', async () => {
    const s = await start();
    const bearer = { authorization: `Bearer ${s.keys.modelslab.valid}` };
    for (const path of ['v6/images/text2img', 'wallet_balance']) {
      const answer = await post(path, { prompt: 'p', model_id: 'm' }, bearer);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ status: 'error', messege: 'Invalid Api Key' });
    }
  });

  it('lists every place a credential arrived, masked', async () => {
    const s = await start();
    await post(
      'v6/images/text2img',
      { key: s.keys.modelslab.valid, prompt: 'p', model_id: 'm' },
      { authorization: `Bearer ${s.keys.modelslab.valid}` },
    );
    expect(s.requests[0]?.status).toBe(200);
    expect(s.requests[0]?.credential).toEqual({ location: 'header', name: 'authorization', masked: 'ml-s…' });
    expect(s.requests[0]?.credentials).toEqual([
      { location: 'header', name: 'authorization', masked: 'ml-s…' },
      { location: 'body', name: 'key', masked: 'ml-s…' },
    ]);
    expect(JSON.stringify(s.requests)).not.toContain(s.keys.modelslab.valid);
  });

  it('chat: answers with the Bearer key, refuses a body key (400) and no key (401)', async () => {
    const s = await start();
    const bearer = { authorization: `Bearer ${s.keys.modelslab.valid}` };
    const messages = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello there' },
    ];
    const ok = await post('v7/llm/chat/completions', { messages }, bearer);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      id: 'chat-1',
      object: 'chat.completion',
      model: 'sim-llm',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Echo: hello there' }, finish_reason: 'stop' },
      ],
      usage: { prompt_tokens: 4, completion_tokens: 3, total_tokens: 7 },
    });
    const inBody = await post('v7/llm/chat/completions', { key: s.keys.modelslab.valid, messages }, bearer);
    expect(inBody.status).toBe(400);
    expect(inBody.body.error).toMatchObject({ type: 'invalid_request_error', code: 'key_in_body' });
    const none = await post('v7/llm/chat/completions', { messages });
    expect(none.status).toBe(401);
    expect(none.body).toEqual({
      error: { message: 'Invalid API key', type: 'authentication_error', code: 'invalid_api_key' },
    });
    const stream = await post('v7/llm/chat/completions', { messages, stream: true }, bearer);
    expect(stream.status).toBe(400);
    expect(stream.body.error.message).toBe('The simulator does not stream.');
    expect((await post('v7/llm/chat/completions', { messages: [] }, bearer)).status).toBe(400);
  });

  it.each([
    ['noCredits', 402],
    ['forbidden', 403],
    ['rateLimited', 429],
  ] as const)('chat: the %s key → HTTP %i with an error object', async (scenario, status) => {
    const s = await start();
    const answer = await post(
      'v7/llm/chat/completions',
      { messages: [{ role: 'user', content: 'hi' }] },
      { authorization: `Bearer ${s.keys.modelslab[scenario]}` },
    );
    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatchObject({ message: expect.any(String), type: expect.any(String) });
  });
});

describe('simulated ModelsLab: webhooks', () => {
  it('delivers a finished job twice to a loopback receiver, with track_id and without the key', async () => {
    receiver = await startServer((_request, response) => sendJson(response, 200, { ok: true }));
    const s = await start();
    const queued = await ml('v6/images/text2img', {
      prompt: 'p',
      model_id: 'm',
      samples: 2,
      webhook: `${receiver.origin}/hook?secret=1`,
      track_id: 'order-7',
    });
    expect(receiver.requests).toHaveLength(0);
    await ml(`v6/images/fetch/${queued.body.id}`);
    await until(() => s.webhookDeliveries.length === 2);
    expect(receiver.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'POST /hook?secret=1',
      'POST /hook?secret=1',
    ]);
    for (const request of receiver.requests) {
      expect(JSON.parse(request.body)).toMatchObject({
        status: 'success',
        id: Number(queued.body.id),
        output: [expect.any(String), expect.any(String)],
        generationTime: expect.any(Number),
        track_id: 'order-7',
        meta: { prompt: 'p', model_id: 'm' },
      });
    }
    expect(s.webhookDeliveries[0]).toMatchObject({ url: `${receiver.origin}/hook`, status: 200 });
    expect(receiver.everything()).not.toContain(s.keys.modelslab.valid);
  });

  it('delivers failures too, at once for an immediate success, and refuses a non-loopback webhook', async () => {
    receiver = await startServer((_request, response) => sendJson(response, 204));
    const s = await start({ modelslab: { webhookDeliveries: 1, jobMs: 20 } });
    const webhook = `${receiver.origin}/hook`;
    await ml('v6/voice/text_to_speech', { prompt: '[fail:job]', voice_id: 'v', language: 'en', webhook });
    await ml('v6/images/text2img', { prompt: 'p', model_id: 'm', webhook });
    await until(() => s.webhookDeliveries.length === 2);
    expect(s.webhookDeliveries.map((d) => d.payload)).toEqual(
      expect.arrayContaining([
        {
          status: 'failed',
          id: 'ml-tts-1000',
          message: 'Processing failed: Invalid input dimensions',
          track_id: null,
        },
        expect.objectContaining({ status: 'success', id: 1001 }),
      ]),
    );
    const refused = await ml('v6/images/text2img', {
      prompt: 'p',
      model_id: 'm',
      webhook: 'https://example.com/h',
    });
    expect(refused.body).toEqual({
      status: 'error',
      message: { webhook: ['The simulator delivers webhooks only to http URLs on a loopback host.'] },
    });
  });

  it('closes without waiting for a webhook receiver that hangs', async () => {
    receiver = await startServer(() => {});
    const s = await start({ modelslab: { jobMs: 60_000 } });
    await ml('v6/images/text2img', { prompt: 'p', model_id: 'm', webhook: `${receiver.origin}/hook` });
    await ml('v6/video/text2video', { prompt: 'p', model_id: 'm' });
    await until(() => receiver?.requests.length === 2);
    const started = Date.now();
    await s.close();
    sim = undefined;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
