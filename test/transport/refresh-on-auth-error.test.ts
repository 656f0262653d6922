import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelsLabClient } from '../../providers/modelslab/index.js';
import { TwelveLabsClient } from '../../providers/twelvelabs/index.js';
import { AuthenticationError, createTransport, HeaderKeyStrategy, type KeyRequest } from '../../src/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
let sim: Simulator | undefined;
afterEach(async () => {
  await server?.close();
  await sim?.close();
  server = undefined;
  sim = undefined;
});

/** A server that accepts only `tl-test-key-new`. */
async function acceptsNewKeyOnly() {
  return startServer((request, response) => {
    if (request.headers['x-api-key'] === 'tl-test-key-new') sendJson(response, 200, { ok: true });
    else sendJson(response, 401, { code: 'api_key_invalid', message: 'The API key is not valid.' });
  });
}

describe('refreshOnAuthError', () => {
  it('asks the key source again with { refresh: true } and retries once after a 401', async () => {
    server = await acceptsNewKeyOnly();
    const asked: KeyRequest[] = [];
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      refreshOnAuthError: true,
      strategy: new HeaderKeyStrategy({
        key: (request) => {
          asked.push(request);
          return request.refresh ? 'tl-test-key-new' : 'tl-test-key-cached';
        },
      }),
    });
    await expect(transport.request({ method: 'POST', path: 'x', json: {} })).resolves.toEqual({ ok: true });
    expect(asked.map(({ refresh }) => refresh)).toEqual([false, true]);
    expect(asked.every(({ signal }) => signal instanceof AbortSignal)).toBe(true);
    expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([
      'tl-test-key-cached',
      'tl-test-key-new',
    ]);
  });

  it('retries only once: a key refused again is reported, scrubbed of both keys', async () => {
    server = await acceptsNewKeyOnly();
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      refreshOnAuthError: true,
      strategy: new HeaderKeyStrategy({
        key: ({ refresh }) => (refresh ? 'tl-test-key-still-bad' : 'tl-test-key-bad'),
      }),
    });
    const error = await transport.request({ method: 'GET', path: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(2);
    expect(everyRendering(error)).not.toMatch(/tl-test-key-(still-)?bad/);
  });

  it('is off by default: a 401 is reported at once', async () => {
    server = await acceptsNewKeyOnly();
    const transport = createTransport({
      provider: 'Test',
      baseUrl: server.origin,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key-old' }),
    });
    await expect(transport.request({ method: 'GET', path: 'x' })).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests).toHaveLength(1);
  });

  it('TwelveLabs: a key read from a file picks up the rotated key without a restart', async () => {
    sim = await createSimulator({
      keys: { twelvelabs: { 'tl-test-key-rotated': 'valid', 'tl-test-key-expired': 'expired' } },
    });
    const dir = await mkdtemp(join(tmpdir(), 'keygate-key-'));
    const keyFile = join(dir, 'twelvelabs.key');
    try {
      await writeFile(keyFile, 'tl-test-key-expired\n');
      let cached: string | undefined;
      const client = new TwelveLabsClient({
        baseUrl: sim.twelvelabs.baseUrl,
        refreshOnAuthError: true,
        // Caches the file, and re-reads it only when the provider refused the key.
        apiKey: async ({ refresh }) => {
          if (cached === undefined || refresh) cached = (await readFile(keyFile, 'utf8')).trim();
          return cached;
        },
      });
      await expect(client.indexes.list()).rejects.toBeInstanceOf(AuthenticationError);
      await writeFile(keyFile, 'tl-test-key-rotated\n'); // the secret manager rotates the key
      await expect(client.indexes.list()).resolves.toMatchObject({ data: [] });
      expect(sim.requests.map((r) => r.status)).toEqual([401, 401, 401, 200]);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('ModelsLab: an invalid-key answer inside an HTTP 200 also triggers the refresh', async () => {
    sim = await createSimulator({ keys: { modelslab: { 'ml-test-key-new': 'valid' } } });
    const client = new ModelsLabClient({
      baseUrl: sim.modelslab.baseUrl,
      refreshOnAuthError: true,
      apiKey: ({ refresh }) => (refresh ? 'ml-test-key-new' : 'ml-test-key-old'),
    });
    await expect(client.images.text2img({ prompt: 'p', model_id: 'flux' })).resolves.toMatchObject({
      status: 'success',
    });
    expect(sim.requests.map((r) => r.credential.masked)).toEqual(['ml-t…', 'ml-t…']);
    expect(sim.requests).toHaveLength(2);
  });
});
