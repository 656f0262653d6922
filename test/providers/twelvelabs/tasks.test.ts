import { openAsBlob, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../../providers/twelvelabs/index.js';
import { ConfigurationError, RateLimitError, TimeoutError, type UploadProgress } from '../../../src/index.js';
import { sendJson, startServer, type TestServer } from '../../helpers/server.js';

const key = 'tl-test-key';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const clientFor = (target: TestServer) =>
  new TwelveLabsClient({ apiKey: key, baseUrl: `${target.origin}/v1.3` });

describe('tasks.create', () => {
  it('uploads a file from disk as multipart, key in the header only, with progress', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { _id: 'task-1', video_id: 'vid-1' }),
    );
    const dir = await mkdtemp(join(tmpdir(), 'keygate-'));
    const file = join(dir, 'clip.mp4');
    const bytes = 'v'.repeat(256 * 1024);
    writeFileSync(file, bytes);
    try {
      const progress: UploadProgress[] = [];
      const created = await clientFor(server).tasks.create(
        {
          index_id: 'idx-1',
          video_file: new File([await openAsBlob(file)], 'clip.mp4'),
          enable_video_stream: true,
          user_metadata: { source: 'test' },
        },
        { onUploadProgress: (p) => progress.push(p) },
      );
      expect(created).toEqual({ _id: 'task-1', video_id: 'vid-1' });
      const [received] = server.requests;
      expect(received?.url).toBe('/v1.3/tasks');
      expect(received?.headers['x-api-key']).toBe(key);
      expect(received?.headers['content-type']).toMatch(/^multipart\/form-data/);
      expect(received?.body).toMatch(/name="index_id"\r\n\r\nidx-1\r\n/);
      expect(received?.body).toMatch(/name="video_file"; filename="clip.mp4"/);
      expect(received?.body).toContain(bytes);
      expect(received?.body).toMatch(/name="enable_video_stream"\r\n\r\ntrue\r\n/);
      expect(received?.body).toContain('{"source":"test"}');
      expect(received?.body).not.toContain(key);
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.at(-1)?.percent).toBe(1);
      expect(progress.at(-1)?.transferredBytes).toBe(Buffer.byteLength(received?.body ?? ''));
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('sends a video_url without a file', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { _id: 'task-2' }));
    await clientFor(server).tasks.create({ index_id: 'idx-1', video_url: 'https://example.com/v.mp4' });
    expect(server.requests[0]?.body).toMatch(/name="video_url"\r\n\r\nhttps:\/\/example.com\/v.mp4\r\n/);
    expect(server.requests[0]?.body).not.toContain('video_file');
  });

  it('needs exactly one of video_file and video_url', async () => {
    const tl = new TwelveLabsClient({ apiKey: key });
    await expect(tl.tasks.create({ index_id: 'i' })).rejects.toBeInstanceOf(ConfigurationError);
    await expect(
      tl.tasks.create({ index_id: 'i', video_url: 'https://e.com/v.mp4', video_file: new Blob(['x']) }),
    ).rejects.toThrow(/exactly one of video_file and video_url/);
  });

  it('sends an upload once: a 429 is reported, not answered by re-sending the file', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 429, { code: 'too_many_requests' }, { 'retry-after': '0' }),
    );
    const error = await clientFor(server)
      .tasks.create({ index_id: 'idx-1', video_file: new Blob(['x'.repeat(1024)]) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.requests).toHaveLength(1);
  });
});

describe('tasks.waitForDone', () => {
  it('polls until ready and resolves with the task', async () => {
    const states = ['pending', 'indexing', 'ready'];
    server = await startServer((request, response) => {
      const status = states[Math.min(server?.requests.length ?? 1, states.length) - 1];
      sendJson(response, 200, {
        _id: 'task-1',
        index_id: 'idx-1',
        video_id: 'vid-1',
        status,
        url: request.url,
      });
    });
    const task = await clientFor(server).tasks.waitForDone('task-1', { intervalMs: 5 });
    expect(task.status).toBe('ready');
    expect(server.requests.map((r) => r.url)).toEqual([
      '/v1.3/tasks/task-1',
      '/v1.3/tasks/task-1',
      '/v1.3/tasks/task-1',
    ]);
  });

  it('resolves with a failed task too', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { _id: 't', status: 'failed' }),
    );
    await expect(clientFor(server).tasks.waitForDone('t', { intervalMs: 5 })).resolves.toMatchObject({
      status: 'failed',
    });
  });

  it('gives up after timeoutMs with a TimeoutError', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { _id: 't', status: 'indexing' }),
    );
    const error = (await clientFor(server)
      .tasks.waitForDone('t', { intervalMs: 20, timeoutMs: 150 })
      .catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.timeoutMs).toBe(150);
    expect(error.message).toContain('TwelveLabs task t was not done after 150 ms');
  });

  it('a timeoutMs that is not a number of milliseconds is a ConfigurationError, not a RangeError', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 200, { _id: 't', status: 'indexing' }),
    );
    const error = await clientFor(server)
      .tasks.waitForDone('t', { intervalMs: 20, timeoutMs: -1 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConfigurationError', provider: 'twelvelabs' });
    expect((error as Error).message).toContain('`timeoutMs` must be a number of milliseconds');
  });
});
