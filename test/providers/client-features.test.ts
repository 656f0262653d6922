import * as v from 'valibot';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelsLabClient, modelsLabDefinition } from '../../providers/modelslab/index.js';
import { TwelveLabsClient, twelveLabsDefinition } from '../../providers/twelvelabs/index.js';
import {
  AuthenticationError,
  ConfigurationError,
  createProviderTransport,
  HeaderKeyStrategy,
  NotFoundError,
  ResponseValidationError,
  TimeoutError,
} from '../../src/index.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await createSimulator();
});
afterAll(async () => {
  await sim.close();
});

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  delete process.env.TWELVE_LABS_BASE_URL;
  delete process.env.MODELSLAB_BASE_URL;
});

const tl = () => new TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl });

describe('client.request(): any endpoint, the same guarantees', () => {
  it('README example: calls an endpoint through the TwelveLabs client, typed by a schema', async () => {
    const client = tl();
    await client.indexes.create({
      index_name: 'via-request',
      models: [{ model_name: 'marengo3.0', model_options: ['visual'] }],
    });
    const Page = v.object({ data: v.array(v.object({ _id: v.string(), index_name: v.string() })) });
    const page = await client.request({
      method: 'GET',
      path: 'indexes',
      query: { page_limit: 5 },
      schema: Page,
    });
    expect(page.data.map((index) => index.index_name)).toContain('via-request');
    const last = sim.requests.at(-1);
    expect(last).toMatchObject({ provider: 'twelvelabs', method: 'GET', path: '/v1.3/indexes' });
    expect(last?.credential.location).toBe('header');
  });

  it('places the ModelsLab key in the body of a request() call, as the wrapped methods do', async () => {
    const client = new ModelsLabClient({
      apiKey: sim.keys.modelslab.valid,
      // The wallet lives at /api, beside the versioned /api/v6.
      baseUrl: sim.modelslab.baseUrl.replace(/\/v6$/, ''),
    });
    const Wallet = v.object({ data: v.object({ balance: v.number() }) });
    const wallet = await client.request({ method: 'POST', path: 'wallet_balance', json: {}, schema: Wallet });
    expect(wallet.data.balance).toBeGreaterThan(0);
    expect(sim.requests.at(-1)?.credential).toMatchObject({ location: 'body', name: 'key' });
  });

  it('gives request() calls the typed errors, schema checks and withResponse()', async () => {
    const client = tl();
    await expect(client.request({ method: 'GET', path: 'indexes/nope' })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      client.request({ method: 'GET', path: 'indexes', schema: v.object({ missing: v.string() }) }),
    ).rejects.toBeInstanceOf(ResponseValidationError);
    const bad = new TwelveLabsClient({
      apiKey: sim.keys.twelvelabs.invalid,
      baseUrl: sim.twelvelabs.baseUrl,
    });
    const error = await bad.request({ method: 'GET', path: 'indexes' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).provider).toBe('twelvelabs');
    const { response } = await client.request({ method: 'GET', path: 'indexes' }).withResponse();
    expect(response.status).toBe(200);
  });

  it('refuses a request() path that leaves the base URL origin, before anything is sent', async () => {
    const before = sim.requests.length;
    await expect(tl().request({ method: 'GET', path: 'https://evil.example/steal' })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    expect(sim.requests.length).toBe(before);
  });
});

describe('per-call options on resource methods', () => {
  it('takes signal, timeout, maxRetries and headers as the last argument', async () => {
    let calls = 0;
    server = await startServer((request, response) => {
      calls += 1;
      if (request.headers['x-slow'] === 'yes') return; // never answers
      sendJson(response, 503, { code: 'unavailable', message: 'try later' });
    });
    const client = new TwelveLabsClient({
      apiKey: 'tl-test-key',
      baseUrl: `${server.origin}/v1.3`,
      maxRetries: 0,
    });
    const timedOut = await client.indexes
      .retrieve('idx-1', { timeout: 50, headers: { 'x-slow': 'yes' } })
      .catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(TimeoutError);
    expect(server.requests.at(-1)?.headers['x-slow']).toBe('yes');
    calls = 0;
    await expect(client.indexes.list({}, { maxRetries: 2 })).rejects.toMatchObject({ status: 503 });
    expect(calls).toBe(3);
    const controller = new AbortController();
    controller.abort();
    await expect(client.tasks.retrieve('t-1', { signal: controller.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('gives a resource call withResponse() with the typed data', async () => {
    server = await startServer((_request, response) =>
      sendJson(
        response,
        200,
        { data: [], page_info: { page: 1, limit_per_page: 10, total_page: 1, total_results: 0 } },
        {
          'x-request-id': 'req-tl-1',
        },
      ),
    );
    const client = new TwelveLabsClient({ apiKey: 'tl-test-key', baseUrl: `${server.origin}/v1.3` });
    const { data, response } = await client.indexes.list().withResponse();
    expect(data.page_info?.total_results).toBe(0);
    expect(response.requestId).toBe('req-tl-1');
  });

  it('rejects (not throws) a parameter mistake, with the provider id', async () => {
    const client = tl();
    const call = client.indexes.retrieve('..');
    await expect(call).rejects.toBeInstanceOf(ConfigurationError);
    await expect(call).rejects.toMatchObject({ provider: 'twelvelabs' });
    const images = new ModelsLabClient({ apiKey: sim.keys.modelslab.valid, baseUrl: sim.modelslab.baseUrl });
    await expect(images.images.text2img({ prompt: '', model_id: 'flux' })).rejects.toMatchObject({
      name: 'ConfigurationError',
      provider: 'modelslab',
    });
  });
});

describe('withOptions()', () => {
  it('returns a client with other defaults that shares the strategy, and leaves the original alone', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, { data: [], page_info: {} }));
    const keyCalls: boolean[] = [];
    const key = (request?: { refresh?: boolean }) => {
      keyCalls.push(request?.refresh === true);
      return 'tl-test-key';
    };
    const base = new TwelveLabsClient({
      apiKey: key,
      baseUrl: `${server.origin}/v1.3`,
      headers: { 'x-team': 'a' },
    });
    const fast = base.withOptions({ timeout: 1_000, headers: { 'x-path': 'hot' } });
    expect(fast).toBeInstanceOf(TwelveLabsClient);
    expect(fast).not.toBe(base);
    await fast.request({ method: 'GET', path: 'indexes' });
    await base.request({ method: 'GET', path: 'indexes' });
    const [viaFast, viaBase] = server.requests;
    expect(viaFast?.headers).toMatchObject({ 'x-team': 'a', 'x-path': 'hot', 'x-api-key': 'tl-test-key' });
    expect(viaBase?.headers['x-path']).toBeUndefined();
    expect(keyCalls).toEqual([false, false]);
  });

  it('replaces the key when given apiKey or strategy', async () => {
    server = await startServer((_request, response) => sendJson(response, 200, {}));
    const base = new TwelveLabsClient({ apiKey: 'tl-test-key', baseUrl: `${server.origin}/v1.3` });
    await base.withOptions({ apiKey: 'tl-other-test-key' }).request({ method: 'GET', path: 'a' });
    await base
      .withOptions({ strategy: new HeaderKeyStrategy({ key: 'tl-third-test-key', header: 'x-other' }) })
      .request({ method: 'GET', path: 'b' });
    expect(server.requests[0]?.headers['x-api-key']).toBe('tl-other-test-key');
    expect(server.requests[1]?.headers['x-other']).toBe('tl-third-test-key');
    expect(server.requests[1]?.headers['x-api-key']).toBeUndefined();
  });
});

describe('base URL from the environment', () => {
  it('reads TWELVE_LABS_BASE_URL and MODELSLAB_BASE_URL when no baseUrl is passed', async () => {
    process.env.TWELVE_LABS_BASE_URL = sim.twelvelabs.baseUrl;
    process.env.MODELSLAB_BASE_URL = sim.modelslab.baseUrl;
    const client = new TwelveLabsClient({ apiKey: sim.keys.twelvelabs.valid });
    await expect(client.indexes.list()).resolves.toMatchObject({ data: expect.any(Array) });
    const ml = new ModelsLabClient({ apiKey: sim.keys.modelslab.valid });
    await expect(ml.images.text2img({ prompt: 'a cat', model_id: 'flux' })).resolves.toMatchObject({
      status: 'success',
    });
    // An explicit baseUrl wins over the variable.
    process.env.TWELVE_LABS_BASE_URL = 'https://api.twelvelabs.io/v1.3';
    await expect(
      new TwelveLabsClient({
        apiKey: sim.keys.twelvelabs.valid,
        baseUrl: sim.twelvelabs.baseUrl,
      }).indexes.list(),
    ).resolves.toBeDefined();
  });

  it('refuses an insecure or malformed variable, naming the variable and not its value', () => {
    for (const value of ['http://example.com/v1.3', 'not a url', 'https://user:secret-pass@example.com']) {
      process.env.TWELVE_LABS_BASE_URL = value;
      let error: unknown;
      try {
        new TwelveLabsClient({ apiKey: 'tl-test-key' });
      } catch (caught) {
        error = caught;
      }
      expect(error, value).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain('TWELVE_LABS_BASE_URL');
      expect((error as Error).message).not.toContain('secret-pass');
      expect((error as ConfigurationError).provider).toBe('twelvelabs');
    }
  });
});

describe('provider definitions', () => {
  it('exports both definitions for createProviderTransport, with their ids', async () => {
    expect(twelveLabsDefinition).toMatchObject({ provider: 'TwelveLabs', id: 'twelvelabs' });
    expect(modelsLabDefinition).toMatchObject({ provider: 'ModelsLab', id: 'modelslab' });
    const transport = createProviderTransport(
      { apiKey: sim.keys.twelvelabs.valid, baseUrl: sim.twelvelabs.baseUrl },
      twelveLabsDefinition,
    );
    expect(transport.providerId).toBe('twelvelabs');
    await expect(transport.request({ method: 'GET', path: 'indexes' })).resolves.toBeDefined();
  });
});
