import nock from 'nock';
import { describe, expect, it } from 'vitest';
import {
  classifyModelsLabResponse,
  createModelsLabWebhookHandler,
  ModelsLabClient,
} from '../../../providers/modelslab/index.js';
import {
  ConfigurationError,
  GenerationFailedError,
  NotFoundError,
  RouteStrategy,
} from '../../../src/index.js';
import { useNock } from '../../helpers/no-network.js';

// Caller mistakes and provider quirks that must end in a typed error, or not cost a generation.

useNock();

const api = 'https://modelslab.com';
const key = 'ml-test-key';
const client = (maxRetries = 0) => new ModelsLabClient({ apiKey: key, maxRetries });
const failure = { status: 'failed', id: 5, message: 'Processing failed: key frame required' };

describe('ModelsLab job failures', () => {
  it('a failed job is a GenerationFailedError that does not claim to be retryable (it would cost credits again)', async () => {
    nock(api).post('/api/v6/video/fetch/5').reply(200, failure);
    const error = await client()
      .video.fetch(5)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GenerationFailedError);
    expect((error as GenerationFailedError).retryable).toBe(false);
  });

  it('reads a failed job’s message for no other class: "key frame required" is not an auth failure', () => {
    const details = classifyModelsLabResponse({
      provider: 'ModelsLab',
      status: 200,
      statusText: 'OK',
      method: 'POST',
      url: `${api}/api/v6/video/fetch/5`,
      headers: new Headers(),
      body: failure,
    });
    expect(details?.kind).toBe('generation_failed');
  });
});

describe('ModelsLab job ids', () => {
  it.each([
    ['123', 123],
    ['007', '007'],
    ['9007199254740993', '9007199254740993'],
    ['abc123-def456', 'abc123-def456'],
  ])('id %j is given as %j, and fetched by the same text', async (sent, expected) => {
    nock(api)
      .post('/api/v6/images/text2img')
      .reply(200, { status: 'processing', id: sent, eta: 1 })
      .post(`/api/v6/images/fetch/${sent}`)
      .reply(200, { status: 'success', id: sent, output: ['https://cdn.example/1.png'] });
    const ml = client();
    const job = await ml.images.text2img({ prompt: 'p', model_id: 'm' });
    expect(job.id).toBe(expected);
    await expect(ml.images.fetch(job.id)).resolves.toMatchObject({ status: 'success', id: expected });
  });
});

describe('images.fetch and its two documented forms', () => {
  it('a 404 for one unknown id, which the request_id form does not know either, does not switch the client', async () => {
    nock(api)
      .post('/api/v6/images/fetch/404')
      .reply(404, { status: 'error', message: 'Request not found.' })
      .post('/api/v6/images/fetch', (body) => body.request_id === '404')
      .reply(404, { status: 'error', message: 'Request not found.' })
      .post('/api/v6/images/fetch/7')
      .reply(200, { status: 'success', id: 7, output: [] });
    const ml = client();
    await expect(ml.images.fetch(404)).rejects.toBeInstanceOf(NotFoundError);
    // Still the path form: the other form did not answer either.
    await expect(ml.images.fetch(7)).resolves.toMatchObject({ status: 'success' });
  });
});

describe('caller mistakes', () => {
  it('wait() without a job, and a non-function onProcessing before anything is sent, are ConfigurationErrors', async () => {
    const ml = client();
    await expect(ml.images.wait(undefined as never)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(
      ml.video.generate({ model_id: 'm', prompt: 'p' }, { onProcessing: 'log' as never }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    await expect(ml.video.generate({ model_id: 'm', prompt: 'p' }, null as never)).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('a generation stays unsafe to retry, whatever a JavaScript caller puts in its options', async () => {
    nock(api).post('/api/v6/images/text2img').reply(503, { status: 'error', message: 'Service unavailable' });
    const options = { safeToRetry: true } as never;
    await expect(client(2).images.text2img({ prompt: 'p', model_id: 'm' }, options)).rejects.toMatchObject({
      status: 503,
    });
  });

  it('new RouteStrategy() and a webhook handler without options are ConfigurationErrors, not TypeErrors', async () => {
    expect(() => new RouteStrategy(undefined as never)).toThrow(ConfigurationError);
    expect(
      () => new RouteStrategy({ routes: 'chat' as never, fallback: { name: 'x', authenticate() {} } }),
    ).toThrow(ConfigurationError);
    expect(() => createModelsLabWebhookHandler(undefined as never)).toThrow(ConfigurationError);
    const hooks = createModelsLabWebhookHandler({
      secret: 'test-webhook-secret-0123456789abcdef',
      url: 'https://example.com/hooks',
    });
    await expect(hooks.handle(null as never)).rejects.toBeInstanceOf(ConfigurationError);
  });
});
