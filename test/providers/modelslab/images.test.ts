import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { ModelsLabClient } from '../../../providers/modelslab/index.js';
import {
  AuthenticationError,
  BadRequestError,
  ConfigurationError,
  HeaderKeyStrategy,
  InsufficientCreditsError,
  PermissionDeniedError,
  RateLimitError,
  ResponseValidationError,
  ServerError,
} from '../../../src/index.js';
import { useNock } from '../../helpers/no-network.js';
import { everyRendering } from '../../helpers/secrets.js';

useNock();

const api = 'https://modelslab.com';
const key = 'ml-test-key';
// The key must never travel in a header.
const scope = () => nock(api, { badheaders: ['x-api-key', 'authorization', 'key'] });
const client = () => new ModelsLabClient({ apiKey: key, maxRetries: 0 });
const success = {
  status: 'success',
  id: 42,
  output: ['https://cdn.example/1.png'],
  generationTime: 1.5,
  meta: { seed: 1 },
};

describe('ModelsLabClient images', () => {
  it('README example: text2img sends the key as "key" in the JSON body', async () => {
    const params = { prompt: 'a lighthouse at dawn', model_id: 'flux', width: 512 };
    const call = scope()
      .post('/api/v6/images/text2img', { ...params, key, track_id: /^[0-9a-f-]{36}$/ })
      .reply(200, success);
    const ml = new ModelsLabClient({ apiKey: key });
    const result = await ml.images.text2img(params);
    expect(result).toEqual(success);
    expect(params).toEqual({ prompt: 'a lighthouse at dawn', model_id: 'flux', width: 512 });
    call.done();
  });

  it('passes extra documented fields through, and never puts the key in the query', async () => {
    const call = scope()
      .post('/api/v6/images/text2img', (body) => body.enhance_prompt === 'yes' && body.key === key)
      .query((query) => Object.keys(query).length === 0)
      .reply(200, success);
    await client().images.text2img({ prompt: 'p', model_id: 'm', enhance_prompt: 'yes' });
    call.done();
  });

  it('answers processing as a typed union and normalises string ids and etas to numbers', async () => {
    scope()
      .post('/api/v6/images/text2img')
      .reply(200, {
        status: 'processing',
        id: '12345',
        eta: '7.5',
        fetch_result: 'https://modelslab.com/api/v6/images/fetch/12345',
        future_links: ['https://cdn.example/f.png'],
        messege: 'Try to fetch request after given estimated time',
      });
    const result = await client().images.text2img({ prompt: 'p', model_id: 'm' });
    expect(result.status).toBe('processing');
    if (result.status !== 'processing') throw new Error('expected processing');
    expect(result.id).toBe(12345);
    expect(result.eta).toBe(7.5);
    expect(result.future_links).toEqual(['https://cdn.example/f.png']);
  });

  it('fetch posts { key } to /images/fetch/{id}', async () => {
    const call = scope()
      .post('/api/v6/images/fetch/12345', { key })
      .reply(200, { ...success, id: '12345' });
    await expect(client().images.fetch(12345)).resolves.toMatchObject({ status: 'success', id: 12345 });
    call.done();
  });

  it('generate waits eta (at least 1 s) while processing, then returns the success', async () => {
    const calls = scope()
      .post('/api/v6/images/text2img')
      .reply(200, { status: 'processing', id: 7, eta: 0 })
      .post('/api/v6/images/fetch/7', { key })
      .reply(200, { status: 'processing', id: 7, eta: 0 })
      .post('/api/v6/images/fetch/7', { key })
      .reply(200, { ...success, id: 7 });
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      const image = await client().images.generate({ prompt: 'p', model_id: 'm' });
      expect(image.output).toEqual(success.output);
      // Two waits, clamped up from eta 0 to the 1 s minimum: the poller must not hammer the API.
      expect(timers.mock.calls.filter(([, delay]) => delay === 1_000)).toHaveLength(2);
    } finally {
      timers.mockRestore();
    }
    calls.done();
  });

  it('refuses missing params and a key in the params before sending', async () => {
    const ml = client();
    await expect(ml.images.text2img({ prompt: '', model_id: 'm' })).rejects.toThrow(/prompt/);
    await expect(ml.images.text2img({ prompt: 'p', model_id: '' })).rejects.toThrow(/model_id/);
    await expect(ml.images.text2img({ prompt: 'p', model_id: 'm', key: 'ml-other' })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('reports an unexpected success shape as ResponseValidationError', async () => {
    scope()
      .post('/api/v6/images/text2img')
      .reply(200, { status: 'success', id: 'not-a-number', output: 'x' });
    await expect(client().images.text2img({ prompt: 'p', model_id: 'm' })).rejects.toBeInstanceOf(
      ResponseValidationError,
    );
  });

  it('swaps in a HeaderKeyStrategy: the key moves to the header and out of the body', async () => {
    const call = nock(api, { reqheaders: { authorization: 'Bearer ml-test-key' } })
      .post('/api/v6/images/text2img', (body) => !('key' in body))
      .reply(200, success);
    const ml = new ModelsLabClient({
      strategy: new HeaderKeyStrategy({ key, header: 'authorization', prefix: 'Bearer ' }),
    });
    await ml.images.text2img({ prompt: 'p', model_id: 'm' });
    call.done();
  });
});

describe('ModelsLab error mapping (HTTP 200 with status "error", and real statuses)', () => {
  it.each([
    [200, { status: 'error', message: 'Invalid API key provided' }, AuthenticationError],
    [200, { status: 'error', messege: 'Api key is missing' }, AuthenticationError],
    [200, { status: 'error', message: 'Your api key is expired' }, AuthenticationError],
    [
      200,
      { status: 'error', message: 'Insufficient credits, please top up your wallet' },
      InsufficientCreditsError,
    ],
    [200, { status: 'error', messege: 'Your balance is too low' }, InsufficientCreditsError],
    [
      200,
      { status: 'error', message: 'This model is only for premium subscription users' },
      PermissionDeniedError,
    ],
    [200, { status: 'error', message: 'Feature not available on your plan' }, PermissionDeniedError],
    [200, { status: 'error', message: 'Rate limit exceeded, too many requests' }, RateLimitError],
    [200, { status: 'error', message: 'Your queue is full' }, RateLimitError],
    [200, { status: 'error', message: { prompt: ['The prompt field is required.'] } }, BadRequestError],
    [200, { status: 'failed', message: 'Generation failed' }, ServerError],
    [401, { status: 'error', message: 'Unauthorized' }, AuthenticationError],
    [402, { status: 'error', message: 'Payment required' }, InsufficientCreditsError],
    [403, { status: 'error', message: 'Forbidden' }, PermissionDeniedError],
    [429, { status: 'error', message: 'Slow down', retry_after: 12 }, RateLimitError],
    [400, { status: 'error', message: 'Invalid API key' }, AuthenticationError],
    [422, { status: 'error', message: 'width must be a multiple of 8' }, BadRequestError],
    [503, { status: 'error', message: 'Service unavailable' }, ServerError],
  ] as const)('%i %j → %o', async (status, body, errorClass) => {
    scope().post('/api/v6/images/text2img').reply(status, body);
    const error = (await client()
      .images.text2img({ prompt: 'p', model_id: 'm' })
      .catch((e: unknown) => e)) as InstanceType<typeof errorClass>;
    expect(error).toBeInstanceOf(errorClass);
    expect(error.status).toBe(status);
    expect(error.provider).toBe('modelslab');
    const record: { message?: unknown; messege?: unknown } = body;
    const text = typeof record.message === 'string' ? record.message : record.messege;
    if (typeof text === 'string') expect(error.message).toContain(text);
    expect(everyRendering(error)).not.toContain(key);
  });

  it('turns a body retry_after into retryAfterMs', async () => {
    scope()
      .post('/api/v6/images/text2img')
      .reply(200, { status: 'error', message: 'Too many requests', retry_after: 30 });
    const error = (await client()
      .images.text2img({ prompt: 'p', model_id: 'm' })
      .catch((e: unknown) => e)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.retryAfterMs).toBe(30_000);
  });

  it('scrubs a key that ModelsLab echoes back in an error body', async () => {
    scope()
      .post('/api/v6/images/text2img')
      .reply(200, { status: 'error', message: `Invalid API key ${key}`, request: { key } });
    const error = (await client()
      .images.text2img({ prompt: 'p', model_id: 'm' })
      .catch((e: unknown) => e)) as AuthenticationError;
    expect(error.message).toContain('Invalid API key [REDACTED]');
    expect(error.body).toEqual({
      status: 'error',
      message: 'Invalid API key [REDACTED]',
      request: { key: '[REDACTED]' },
    });
  });
});
