import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import { BadRequestError, ConfigurationError, NotFoundError, RateLimitError } from '../../../src/index.js';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { useNock } from '../../helpers/no-network.js';

// The Embed API v2: `POST /embed-v2` and `/embed-v2/tasks` (JSON). v1 is in embed.test.ts.

useNock();

const api = 'https://api.twelvelabs.io';
const key = 'tl-test-key';
const scope = () => nock(api, { reqheaders: { 'x-api-key': key } });
const nockClient = (maxRetries = 0) => new TwelveLabsClient({ apiKey: key, maxRetries });
const video = 'https://cdn.example.com/match.mp4';

let sim: Simulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function simClient(pollsUntilReady = 2): Promise<TwelveLabsClient> {
  sim = await createSimulator({ pollsUntilReady });
  return new TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl });
}

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] ?? 0), 0);

describe('TwelveLabs embeddings v2 (simulator)', () => {
  it('README example: a text embedding from /embed-v2 is 512 floats, the same for the same text', async () => {
    const client = await simClient();
    const text = (input_text: string) =>
      client.embed.v2.create({ input_type: 'text', model_name: 'marengo3.0', text: { input_text } });
    const [a, again, other] = await Promise.all([
      text('a dog on a beach'),
      text('a dog on a beach'),
      text('a cat'),
    ]);
    const vector = a.data[0]?.embedding ?? [];
    expect(vector).toHaveLength(512);
    expect(again.data[0]?.embedding).toEqual(vector);
    expect(cosine(vector, vector)).toBeCloseTo(1, 4);
    expect(other.data[0]?.embedding).not.toEqual(vector);
    expect(sim?.requests.map((request) => request.path)).toEqual(Array(3).fill('/v1.3/embed-v2'));
  });

  it('v2 sync video: clip and asset embeddings with times, and the metadata of the input', async () => {
    const client = await simClient();
    const answer = await client.embed.v2.create({
      input_type: 'video',
      model_name: 'marengo3.0',
      video: {
        media_source: { url: video },
        segmentation: { strategy: 'fixed', fixed: { duration_sec: 10 } },
        embedding_option: ['visual'],
      },
    });
    expect(answer.data.map((d) => [d.embedding_scope, d.start_sec, d.end_sec])).toEqual([
      ['clip', 0, 10],
      ['clip', 10, 20],
      ['clip', 20, 30],
      ['asset', 0, 30],
    ]);
    expect(answer.metadata).toMatchObject({
      input_type: 'video',
      input_url: video,
      clip_length: 10,
      duration: 30,
    });
  });

  it('v2 tasks: 202 processing, data null until ready, waitForDone, then paged lists', async () => {
    const client = await simClient(2);
    const created = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        client.embed.v2.tasks.create({
          input_type: 'audio',
          model_name: 'marengo3.0',
          audio: { media_source: { url: `https://cdn.example.com/${name}.mp3` }, embedding_scope: ['asset'] },
        }),
      ),
    );
    const first = created[0]?._id ?? '';
    expect(created[0]?.status).toBe('processing');
    expect(await client.embed.v2.tasks.retrieve(first)).toMatchObject({ status: 'processing', data: null });
    const done = await client.embed.v2.tasks.waitForDone(first, { intervalMs: 1 });
    expect(done.status).toBe('ready');
    expect(done.data?.map((d) => d.embedding_option)).toEqual(['audio', 'transcription']);
    const ids = [];
    for await (const task of client.embed.v2.tasks.iterate({ page_limit: 1 })) ids.push(task._id);
    expect(ids).toEqual(created.map((task) => task._id).reverse());
  });

  it('v2 tasks: a failed task carries error.message; an unknown one is a NotFoundError from the nested error body', async () => {
    const client = await simClient(1);
    const { _id } = await client.embed.v2.tasks.create({
      input_type: 'video',
      model_name: 'marengo3.0',
      video: { media_source: { url: 'https://cdn.example.com/fail.mp4' } },
    });
    const done = await client.embed.v2.tasks.waitForDone(_id, { intervalMs: 1 });
    expect(done).toMatchObject({ status: 'failed', data: null });
    expect(done.error?.message).toMatch(/could not process your media/);
    await expect(client.embed.v2.tasks.retrieve('missing')).rejects.toMatchObject({
      constructor: NotFoundError,
      code: 'resource_not_exist',
    });
  });

  it('v2 refusals the docs describe are BadRequestErrors with the code and message', async () => {
    const client = await simClient();
    await expect(
      client.embed.v2.create({
        input_type: 'multi_input',
        model_name: 'marengo3.0',
        multi_input: {
          input_text: 'a person wearing <@hat>',
          media_sources: [{ name: 'shoes', media_type: 'image', url: 'https://cdn.example.com/s.png' }],
        },
      }),
    ).rejects.toMatchObject({
      constructor: BadRequestError,
      code: 'parameter_invalid',
      message: expect.stringMatching(/<@hat>/),
    });
    // Marengo 3.5 takes only multi_input synchronously.
    await expect(
      client.embed.v2.create({ input_type: 'text', model_name: 'marengo3.5', text: { input_text: 'hi' } }),
    ).rejects.toBeInstanceOf(BadRequestError);
    // Async Marengo 3.5 wants segmentation wrapped in `temporal`.
    await expect(
      client.embed.v2.tasks.create({
        input_type: 'video',
        model_name: 'marengo3.5',
        video: {
          media_source: { url: video },
          segmentation: { strategy: 'fixed', fixed: { duration_sec: 5 } },
        },
      }),
    ).rejects.toMatchObject({ code: 'parameter_invalid' });
  });

  it('refuses missing or conflicting inputs before sending anything', async () => {
    const client = await simClient();
    const refusals = [
      client.embed.v2.create({ input_type: 'text', model_name: 'marengo3.0' } as never),
      client.embed.v2.create({
        input_type: 'image',
        model_name: 'marengo3.0',
        image: { media_source: { url: 'https://x/a.png', asset_id: 'a' } as never },
      }),
      client.embed.v2.tasks.create({
        input_type: 'audio',
        model_name: 'marengo3.0',
        audio: { media_source: { url: 'https://x/a.mp3' } },
        video: { media_source: { url: video } },
      } as never),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toBeInstanceOf(ConfigurationError);
    expect(sim?.requests).toEqual([]);
  });
});

describe('TwelveLabs embeddings v2 (wire format)', () => {
  it('POST /embed-v2 sends the JSON body as given, without undefined fields, and retries a 503 like a read', async () => {
    const bodies: unknown[] = [];
    scope()
      .post('/v1.3/embed-v2', (body) => bodies.push(body) > 0)
      .reply(503, { error: { code: 'service_unavailable', message: 'Busy.' } }, { 'retry-after': '0' })
      .post('/v1.3/embed-v2', (body) => bodies.push(body) > 0)
      .reply(200, {
        data: [{ embedding: [0.5], embedding_option: null, embedding_scope: null }],
        metadata: null,
      });
    const answer = await nockClient(1).embed.v2.create({
      input_type: 'text_image',
      model_name: 'marengo3.0',
      embedding_uncertainty: undefined,
      text_image: { media_source: { asset_id: 'asset-1' }, input_text: 'red shoes' },
    });
    expect(answer.data).toEqual([{ embedding: [0.5], embedding_option: null, embedding_scope: null }]);
    const expected = {
      input_type: 'text_image',
      model_name: 'marengo3.0',
      text_image: { media_source: { asset_id: 'asset-1' }, input_text: 'red shoes' },
    };
    expect(bodies).toEqual([expected, expected]);
  });

  it('reads nested error bodies: a 429 is a RateLimitError with the wait from its message, a 400 keeps its code', async () => {
    scope()
      .post('/v1.3/embed-v2/tasks')
      .reply(429, {
        error: {
          code: 'too_many_requests',
          message: 'You have exceeded the rate limit. Please try again later after 3 seconds.',
        },
      })
      .post('/v1.3/embed-v2/tasks')
      .reply(400, {
        error: { code: 'parameter_invalid', message: 'embedding_scope is invalid.', details: {} },
      });
    const create = () =>
      nockClient().embed.v2.tasks.create({
        input_type: 'video',
        model_name: 'marengo3.0',
        video: { media_source: { url: video } },
      });
    await expect(create()).rejects.toMatchObject({ constructor: RateLimitError, retryAfterMs: 3_000 });
    await expect(create()).rejects.toMatchObject({
      constructor: BadRequestError,
      code: 'parameter_invalid',
      message: expect.stringContaining('embedding_scope is invalid.'),
    });
  });

  it('accepts null for every optional field and keeps fields it does not know', async () => {
    scope()
      .get('/v1.3/embed-v2/tasks/t2')
      .reply(200, {
        _id: 't2',
        status: 'ready',
        created_at: null,
        data: [
          {
            embedding: [1],
            embedding_uncertainty: null,
            start_sec: null,
            start_page_number: 1,
            novelty: 'kept',
          },
        ],
        usage: { input_tokens: null, truncated: null },
        metadata: { input_type: 'document', input_url: null },
        error: null,
      });
    const task = await nockClient().embed.v2.tasks.retrieve('t2');
    expect(task.data?.[0]).toMatchObject({ start_page_number: 1, novelty: 'kept' });
    expect(task.metadata?.input_type).toBe('document');
  });
});
