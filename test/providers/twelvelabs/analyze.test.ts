import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import {
  AbortError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  NotFoundError,
  RateLimitError,
  ResponseTooLargeError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from '../../../src/index.js';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { useNock } from '../../helpers/no-network.js';
import { startServer, type TestServer } from '../../helpers/server.js';

useNock();

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

const video = { type: 'url', url: 'https://cdn.example.com/dog.mp4' } as const;

/** A loopback server that answers every call with these NDJSON lines (raw text). */
async function ndjsonServer(
  write: (response: import('node:http').ServerResponse) => void | Promise<void>,
): Promise<TwelveLabsClient> {
  server = await startServer(async (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    await write(response);
  });
  return new TwelveLabsClient({ apiKey: 'tl-test-key', baseUrl: `${server.origin}/v1.3`, maxRetries: 0 });
}

describe('TwelveLabs analyze (sync)', () => {
  it('POST /analyze with stream: false, the key in x-api-key only, and the typed answer', async () => {
    const client = await simClient();
    const answer = await client.analyze.create({ model_name: 'pegasus1.5', video, prompt: 'What happens?' });
    expect(answer.data).toContain('What happens?');
    expect(answer.finish_reason).toBe('stop');
    expect(answer.usage?.output_tokens).toBeGreaterThan(0);
    const [request] = sim?.requests ?? [];
    expect(request?.path).toBe('/v1.3/analyze');
    expect(request?.credentials).toEqual([
      expect.objectContaining({ location: 'header', name: 'x-api-key' }),
    ]);
  });

  it('reports a cut-short answer as finish_reason length with its warning, not as an error', async () => {
    const client = await simClient();
    const answer = await client.analyze.create({ model_name: 'pegasus1.5', video, prompt: 'Long [length]' });
    expect(answer.finish_reason).toBe('length');
    expect(answer.error?.message).toMatch(/cut/);
  });

  it('refuses a call without a video or a prompt before sending, and maps API refusals to typed errors', async () => {
    const client = await simClient();
    await expect(client.analyze.create({ prompt: 'x' } as never)).rejects.toBeInstanceOf(ConfigurationError);
    await expect(client.analyze.create({ video } as never)).rejects.toBeInstanceOf(ConfigurationError);
    expect(sim?.requests).toHaveLength(0);
    const refused = await client.analyze
      .create({ model_name: 'pegasus1.5', video_id: 'v-1', prompt: 'x' })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 400, code: 'parameter_invalid' });
    const badKey = new TwelveLabsClient({
      apiKey: sim?.keys.twelvelabs.invalid,
      baseUrl: sim?.twelvelabs.baseUrl,
    });
    await expect(badKey.analyze.create({ video, prompt: 'x' })).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe('TwelveLabs analyze on the wire (nock)', () => {
  it('sends the parameters as given with stream: false, and accepts every null the spec allows', async () => {
    let sent: unknown;
    nock('https://api.twelvelabs.io', { reqheaders: { 'x-api-key': 'tl-test-key' } })
      .post('/v1.3/analyze', (body) => {
        sent = body;
        return true;
      })
      .reply(200, { id: 'gen-1', data: 'A dog.', finish_reason: null, usage: null, error: null });
    const client = new TwelveLabsClient({ apiKey: 'tl-test-key' });
    const answer = await client.analyze.create({
      model_name: 'pegasus1.5',
      video: { type: 'asset_id', asset_id: 'asset-1' },
      prompt: 'What is it?',
      max_tokens: 2048,
      response_format: { type: 'json_schema', json_schema: { type: 'object' } },
    });
    expect(sent).toEqual({
      model_name: 'pegasus1.5',
      video: { type: 'asset_id', asset_id: 'asset-1' },
      prompt: 'What is it?',
      max_tokens: 2048,
      response_format: { type: 'json_schema', json_schema: { type: 'object' } },
      stream: false,
    });
    expect(answer).toEqual({ id: 'gen-1', data: 'A dog.', finish_reason: null, usage: null, error: null });
  });

  it('reads a 429 with the empty body the spec documents as a RateLimitError', async () => {
    nock('https://api.twelvelabs.io').post('/v1.3/analyze').reply(429, '', { 'retry-after': '3' });
    const client = new TwelveLabsClient({ apiKey: 'tl-test-key', maxRetries: 0 });
    const error = await client.analyze.create({ video, prompt: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 3_000 });
  });
});

describe('TwelveLabs analyze (streamed)', () => {
  it('yields typed events as they arrive and collects them into text, usage and the generation id', async () => {
    const client = await simClient();
    const stream = await client.analyze.stream({ model_name: 'pegasus1.5', video, prompt: 'Describe it' });
    expect(stream.response.status).toBe(200);
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.event_type);
      if (event.event_type === 'text_generation') text += String(event.text);
    }
    expect(types[0]).toBe('stream_start');
    expect(types.at(-1)).toBe('stream_end');
    expect(types.filter((type) => type === 'text_generation').length).toBeGreaterThan(3);
    expect(text).toContain('"Describe it"');
    let pieces = '';
    const textOnly = await client.analyze.stream({ model_name: 'pegasus1.5', video, prompt: 'Describe it' });
    for await (const piece of textOnly.textStream()) pieces += piece;
    expect(pieces).toBe(text);
    const again = await client.analyze.stream({ model_name: 'pegasus1.5', video, prompt: 'Describe it' });
    const result = await again.collect();
    expect(result.text).toBe(text);
    expect(result.finish_reason).toBe('stop');
    expect(result.usage?.output_tokens).toBeGreaterThan(0);
    expect(result.generation_id).toMatch(/^[0-9a-f]{24}$/);
  });

  it('turns a connection that breaks mid-stream into a ConnectionError, after the events that came', async () => {
    const client = await simClient();
    const stream = await client.analyze.stream({ video, prompt: 'Go [fail:stream]' });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.event_type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['stream_start', 'text_generation']);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).provider).toBe('twelvelabs');
  });

  it('turns an error event into the class its code names, never into text', async () => {
    const client = await simClient();
    const stream = await client.analyze.stream({ video, prompt: 'Go [fail:event]' });
    const error = await stream.collect().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 'too_many_requests', provider: 'twelvelabs', retryAfterMs: 2_000 });
    expect((error as Error).message).toMatch(/inside the streamed answer/);
  });

  it('reports a stream that ends without stream_end as incomplete', async () => {
    const client = await simClient();
    const stream = await client.analyze.stream({ video, prompt: 'Go [fail:end]' });
    await expect(stream.collect()).rejects.toThrow(/without stream_end/);
  });

  it('refuses the call itself with typed errors before anything streams', async () => {
    const client = await simClient();
    const forbidden = new TwelveLabsClient({
      apiKey: sim?.keys.twelvelabs.invalid,
      baseUrl: sim?.twelvelabs.baseUrl,
    });
    await expect(forbidden.analyze.stream({ video, prompt: 'x' })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    await expect(client.analyze.stream({ video, prompt: 'x' }, { maxLineBytes: 0 })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('sends stream: true and asks for NDJSON', async () => {
    let body = '';
    let accept = '';
    server = await startServer((request, response, received) => {
      body = received.body;
      accept = String(request.headers.accept);
      response.writeHead(200).end('{"event_type":"stream_start"}\n{"event_type":"stream_end"}\n');
    });
    const client = new TwelveLabsClient({ apiKey: 'tl-test-key', baseUrl: `${server.origin}/v1.3` });
    const result = await (await client.analyze.stream({ video, prompt: 'x', temperature: 0.1 })).collect();
    expect(JSON.parse(body)).toEqual({ video, prompt: 'x', temperature: 0.1, stream: true });
    expect(accept).toContain('application/x-ndjson');
    expect(result.text).toBe('');
  });

  it('passes events of unknown types on, and fails known events of the wrong shape', async () => {
    const client = await ndjsonServer((response) => {
      response.end(
        '{"event_type":"stream_start","metadata":{"generation_id":"g1"}}\n' +
          '{"event_type":"thinking","note":"new in 2027"}\n' +
          '{"event_type":"text_generation","text":42}\n',
      );
    });
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const event of await client.analyze.stream({ video, prompt: 'x' })) seen.push(event);
    })().catch((e: unknown) => e);
    expect(seen[1]).toEqual({ event_type: 'thinking', note: 'new in 2027' });
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues[0]?.path).toBe('event 3.text');
  });

  it('reads a nested error line without event_type as an API error of its code', async () => {
    const client = await ndjsonServer((response) => {
      response.end(
        '{"event_type":"stream_start"}\n{"error":{"code":"resource_not_exist","message":"gone"}}\n',
      );
    });
    const error = await (await client.analyze.stream({ video, prompt: 'x' }))
      .collect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    const unknownCode = await ndjsonServer((response) => {
      response.end('{"event_type":"error","code":"overloaded","message":"busy"}\n');
    });
    await expect((await unknownCode.analyze.stream({ video, prompt: 'x' })).collect()).rejects.toBeInstanceOf(
      ServerError,
    );
  });

  it('ends at stream_end: silence or junk after it cannot spoil a whole answer', async () => {
    const client = await ndjsonServer((response) => {
      response.write(
        '{"event_type":"text_generation","text":"done"}\n{"event_type":"stream_end","finish_reason":"stop"}\n',
      );
      response.write('trailing junk that is not JSON\n'); // and the connection stays open
    });
    const result = await (await client.analyze.stream({ video, prompt: 'x' }, { timeout: 150 })).collect();
    expect(result).toMatchObject({ text: 'done', finish_reason: 'stop' });
  });

  it('caps what collect() keeps, and never quotes the provider’s value in a shape error', async () => {
    const client = await ndjsonServer((response) => {
      const piece = JSON.stringify({ event_type: 'text_generation', text: 'y'.repeat(1000) });
      response.end(`${`${piece}\n`.repeat(20)}{"event_type":"stream_end"}\n`);
    });
    await expect(
      (await client.analyze.stream({ video, prompt: 'x' })).collect({ maxTextBytes: 5_000 }),
    ).rejects.toBeInstanceOf(ResponseTooLargeError);
    const quoting = await ndjsonServer((response) => {
      response.end(
        '{"event_type":"stream_end","metadata":{"usage":{"output_tokens":"provider-text-here"}}}\n',
      );
    });
    const error = await (await quoting.analyze.stream({ video, prompt: 'x' }))
      .collect()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(JSON.stringify(error)).not.toContain('provider-text-here');
  });

  it('keeps memory bounded: an endless line fails with ResponseTooLargeError at maxLineBytes', async () => {
    const client = await ndjsonServer(async (response) => {
      response.write('{"event_type":"text_generation","text":"');
      const block = 'x'.repeat(64 * 1024);
      for (let n = 0; n < 64 && !response.destroyed; n++) {
        await new Promise((resolve) => response.write(block, resolve));
      }
      response.end();
    });
    const stream = await client.analyze.stream({ video, prompt: 'x' }, { maxLineBytes: 256 * 1024 });
    await expect(stream.collect()).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('times out when the stream goes silent, and stops on the caller’s signal', async () => {
    const silent = await ndjsonServer((response) => {
      response.write('{"event_type":"stream_start"}\n');
    });
    const stream = await silent.analyze.stream({ video, prompt: 'x' }, { timeout: 150 });
    const timedOut = await stream.collect().catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect((timedOut as TimeoutError).phase).toBe('body');
    const controller = new AbortController();
    const aborted = await silent.analyze.stream({ video, prompt: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(aborted.collect()).rejects.toBeInstanceOf(AbortError);
  });
});

describe('TwelveLabs analyze tasks', () => {
  it('creates a task, waits for it to be ready, lists it with the prompt cut to 30 characters, deletes it', async () => {
    const client = await simClient(2);
    const prompt = 'Describe every scene of this long video in detail';
    const created = await client.analyze.tasks.create({
      model_name: 'pegasus1.5',
      video,
      prompt,
      custom_id: 'job-1',
    });
    expect(created.status).toBe('queued');
    const done = await client.analyze.tasks.waitForDone(created.task_id, { intervalMs: 1 });
    expect(done.status).toBe('ready');
    expect(done.custom_id).toBe('job-1');
    expect(done.result?.data).toContain(prompt);
    const page = await client.analyze.tasks.list({ status: 'ready' });
    expect(page.data.map((task) => task.task_id)).toEqual([created.task_id]);
    expect(page.data[0]?.request_params?.prompt).toBe(prompt.slice(0, 30));
    const all: string[] = [];
    for await (const task of client.analyze.tasks.iterate({ page_limit: 1 })) all.push(task.task_id);
    expect(all).toEqual([created.task_id]);
    await client.analyze.tasks.delete(created.task_id);
    await expect(client.analyze.tasks.retrieve(created.task_id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('returns a failed task with its reason, and refuses to delete one in progress (409)', async () => {
    const client = await simClient(3);
    const failing = await client.analyze.tasks.create({ video, prompt: 'x [fail]' });
    const failed = await client.analyze.tasks.waitForDone(failing.task_id, { intervalMs: 1 });
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toBeTruthy();
    const running = await client.analyze.tasks.create({ video, prompt: 'y' });
    const conflict = await client.analyze.tasks.delete(running.task_id).catch((e: unknown) => e);
    expect(conflict).toMatchObject({ status: 409 });
  });

  it('checks custom_id and video before sending, and bounds the wait', async () => {
    const client = await simClient(50);
    await expect(
      client.analyze.tasks.create({ video, prompt: 'x', custom_id: 'has space' }),
    ).rejects.toBeInstanceOf(ConfigurationError);
    await expect(client.analyze.tasks.create({ prompt: 'x' } as never)).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(sim?.requests).toHaveLength(0);
    const { task_id } = await client.analyze.tasks.create({ video, analysis_mode: 'time_based_metadata' });
    await expect(
      client.analyze.tasks.waitForDone(task_id, { intervalMs: 5, timeoutMs: 60 }),
    ).rejects.toBeInstanceOf(TimeoutError);
  });
});
