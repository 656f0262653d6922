import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import { ConfigurationError, NotFoundError, RateLimitError } from '../../../src/index.js';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { useNock } from '../../helpers/no-network.js';
import { startServer, type TestServer } from '../../helpers/server.js';

// v1 embeddings: `POST /embed` and `/embed/tasks` (multipart). v2 is in embed-v2.test.ts.

useNock();

const api = 'https://api.twelvelabs.io';
const key = 'tl-test-key';
const scope = () => nock(api, { reqheaders: { 'x-api-key': key } });
const nockClient = (maxRetries = 0) => new TwelveLabsClient({ apiKey: key, maxRetries });
const video = 'https://cdn.example.com/match.mp4';

let sim: Simulator | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await sim?.close();
  await server?.close();
  sim = undefined;
  server = undefined;
});

async function simClient(pollsUntilReady = 2): Promise<TwelveLabsClient> {
  sim = await createSimulator({ pollsUntilReady });
  return new TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl });
}

/** The fields of a multipart body, in order, as [name, value] (files as their file name). */
function formFields(body: string): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const part of body.split(/--[-\w]+\r\n/)) {
    const name = /name="([^"]+)"(?:; filename="([^"]+)")?/.exec(part);
    if (!name?.[1]) continue;
    const value = (part.split('\r\n\r\n')[1] ?? '').split('\r\n--')[0]?.replace(/\r\n$/, '') ?? '';
    fields.push([name[1], name[2] ?? value]);
  }
  return fields;
}

describe('TwelveLabs embeddings v1 (simulator)', () => {
  it('embed.create (v1) embeds text, an image and audio in one call; a failed modality is an error_message, not a throw', async () => {
    const client = await simClient();
    const answer = await client.embed.create({
      model_name: 'marengo3.0',
      text: 'a goal',
      image_url: 'https://cdn.example.com/fail.png',
      audio_file: new File(['RIFF'], 'crowd.wav'),
      audio_start_offset_sec: 10,
    });
    expect(answer.model_name).toBe('marengo3.0');
    expect(answer.text_embedding?.segments?.[0]?.float).toHaveLength(512);
    expect(answer.image_embedding?.error_message).toMatch(/image/);
    expect(answer.image_embedding?.segments ?? []).toEqual([]);
    expect(answer.audio_embedding?.metadata?.input_filename).toBe('crowd.wav');
    expect(answer.audio_embedding?.segments?.map((s) => [s.start_offset_sec, s.end_offset_sec])).toEqual([
      [10, 20],
      [20, 30],
    ]);
  });

  it('v1 video task: processing until the pollsUntilReady-th status GET, then retrieve filters by embedding_option', async () => {
    const client = await simClient(3);
    const { _id } = await client.embed.tasks.create({
      model_name: 'marengo3.0',
      video_url: video,
      video_clip_length: 10,
      video_embedding_scope: ['clip', 'video'],
    });
    expect((await client.embed.tasks.status(_id)).status).toBe('processing');
    expect((await client.embed.tasks.retrieve(_id)).video_embedding?.segments).toBeUndefined();
    const done = await client.embed.tasks.waitForDone(_id, { intervalMs: 1 });
    expect(done).toMatchObject({ _id, status: 'ready', video_embedding: { metadata: { input_url: video } } });
    const task = await client.embed.tasks.retrieve(_id, { embedding_option: ['visual', 'audio'] });
    const segments = task.video_embedding?.segments ?? [];
    expect(new Set(segments.map((s) => s.embedding_option))).toEqual(new Set(['visual', 'audio']));
    // 30 s in 10 s clips, plus one `video` segment, per option.
    expect(segments.filter((s) => s.embedding_option === 'visual').map((s) => s.embedding_scope)).toEqual([
      'clip',
      'clip',
      'clip',
      'video',
    ]);
    expect(segments[0]?.float).toHaveLength(512);
    const listed = [];
    for await (const item of client.embed.tasks.iterate({ status: 'ready' })) listed.push(item._id);
    expect(listed).toEqual([_id]);
  });

  it('v1: a failed task is returned by waitForDone, and an unknown task is a NotFoundError', async () => {
    const client = await simClient(1);
    const { _id } = await client.embed.tasks.create({
      model_name: 'marengo3.0',
      video_url: 'https://cdn.example.com/fail.mp4',
    });
    await expect(client.embed.tasks.waitForDone(_id, { intervalMs: 1 })).resolves.toMatchObject({
      status: 'failed',
    });
    await expect(client.embed.tasks.status('nope')).rejects.toMatchObject({
      constructor: NotFoundError,
      code: 'resource_not_exist',
    });
  });

  it('refuses missing or conflicting inputs before sending anything', async () => {
    const client = await simClient();
    const file = new Blob(['x']);
    const refusals = [
      client.embed.create({ model_name: 'marengo3.0' }),
      client.embed.create({ model_name: 'marengo3.0', image_url: 'https://x/a.png', image_file: file }),
      client.embed.create({ model_name: 'marengo3.0', text: 'a', audio_start_offset_sec: 3 }),
      client.embed.create({ text: 'a' } as never),
      client.embed.tasks.create({ model_name: 'marengo3.0', video_url: video, video_file: file }),
      client.embed.tasks.create({ model_name: 'marengo3.0', video_url: video, video_start_offset_sec: 5 }),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toBeInstanceOf(ConfigurationError);
    expect(sim?.requests).toEqual([]);
  });
});

describe('TwelveLabs embeddings v1 (wire format)', () => {
  it('POST /embed is multipart with the SDK field names, numbers as strings and the file by name', async () => {
    let fields: Array<[string, string]> = [];
    scope()
      .post('/v1.3/embed', (body: string) => {
        fields = formFields(body);
        return true;
      })
      .reply(200, {
        model_name: 'marengo3.0',
        text_embedding: { segments: [{ float: [0.1] }] },
        image_embedding: null,
      });
    const answer = await nockClient().embed.create({
      model_name: 'marengo3.0',
      text: 'a dog',
      image_url: 'https://cdn.example.com/dog.png',
      audio_file: new File(['RIFF'], 'bark.wav'),
      audio_start_offset_sec: 2.5,
    });
    expect(answer.text_embedding?.segments?.[0]?.float).toEqual([0.1]);
    expect(fields).toEqual([
      ['model_name', 'marengo3.0'],
      ['text', 'a dog'],
      ['image_url', 'https://cdn.example.com/dog.png'],
      ['audio_file', 'bark.wav'],
      ['audio_start_offset_sec', '2.5'],
    ]);
  });

  it('POST /embed/tasks sends scopes as repeated fields, and a file upload once, without retries', async () => {
    let fields: Array<[string, string]> = [];
    let calls = 0;
    scope()
      .post('/v1.3/embed/tasks', (body: string) => {
        calls += 1;
        fields = formFields(body);
        return true;
      })
      // A rate limit is retried for every method, but never an upload.
      .reply(429, { code: 'too_many_requests', message: 'Try again later.' }, { 'retry-after': '0' });
    const call = nockClient(2).embed.tasks.create({
      model_name: 'marengo3.0',
      video_file: new File(['mp4'], 'talk.mp4'),
      video_start_offset_sec: 0,
      video_end_offset_sec: 12,
      video_clip_length: 4,
      video_embedding_scope: ['clip', 'video'],
    });
    // A retry would find no second answer here and fail otherwise than with the 429.
    await expect(call).rejects.toBeInstanceOf(RateLimitError);
    expect(calls).toBe(1);
    expect(fields).toEqual([
      ['model_name', 'marengo3.0'],
      ['video_file', 'talk.mp4'],
      ['video_start_offset_sec', '0'],
      ['video_end_offset_sec', '12'],
      ['video_clip_length', '4'],
      ['video_embedding_scope', 'clip'],
      ['video_embedding_scope', 'video'],
    ]);
  });

  it('retrieve sends embedding_option as repeated query keys and encodes the task id', async () => {
    server = await startServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ _id: 't/1', status: 'ready', video_embedding: { segments: [] } }));
    });
    const client = new TwelveLabsClient({ apiKey: key, baseUrl: `${server.origin}/v1.3` });
    await client.embed.tasks.retrieve('t/1', { embedding_option: ['visual', 'audio'] });
    await client.embed.tasks.retrieve('t/1', { embedding_option: 'transcription' });
    await client.embed.tasks.retrieve('t/1');
    expect(server.requests.map((request) => request.url)).toEqual([
      '/v1.3/embed/tasks/t%2F1?embedding_option=visual&embedding_option=audio',
      '/v1.3/embed/tasks/t%2F1?embedding_option=transcription',
      '/v1.3/embed/tasks/t%2F1',
    ]);
  });

  it('v1 waitForDone polls /status and keeps going through a missing or unknown status', async () => {
    scope()
      .get('/v1.3/embed/tasks/t1/status')
      .reply(200, { _id: 't1', status: 'processing', model_name: null, video_embedding: null })
      .get('/v1.3/embed/tasks/t1/status')
      .reply(200, { _id: 't1' })
      .get('/v1.3/embed/tasks/t1/status')
      .reply(200, { _id: 't1', status: 'queued' })
      .get('/v1.3/embed/tasks/t1/status')
      .reply(200, { _id: 't1', status: 'ready' });
    await expect(nockClient().embed.tasks.waitForDone('t1', { intervalMs: 0 })).resolves.toEqual({
      _id: 't1',
      status: 'ready',
    });
  });

  it('accepts a null page of tasks as an empty one', async () => {
    scope().get('/v1.3/embed/tasks').query({ status: 'ready' }).reply(200, { data: null, page_info: null });
    expect((await nockClient().embed.tasks.list({ status: 'ready' })).data).toEqual([]);
  });
});
