import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelsLabClient } from '../../../providers/modelslab/index.js';
import {
  AuthenticationError,
  type AuthRequest,
  type AuthStrategy,
  BadRequestError,
  BodyKeyStrategy,
  ConfigurationError,
  HeaderKeyStrategy,
  InsufficientCreditsError,
  PermissionDeniedError,
  RateLimitError,
  RouteStrategy,
} from '../../../src/index.js';
import { createSimulator, type Simulator } from '../../../src/testing/index.js';
import { modelsLabClientFor } from '../../helpers/modelslab-client.js';
import { everyRendering } from '../../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../../helpers/server.js';

// ModelsLab wants the key in two places: `key` in the JSON body on the v6 routes and the wallet,
// `Authorization: Bearer` on the v7 chat API. One client, one key source, each request signed by
// the route of the path it goes to, and never in two places at once.

let sim: Simulator | undefined;
let server: TestServer | undefined;
const savedEnv = process.env.MODELSLAB_API_KEY;
beforeEach(() => {
  delete process.env.MODELSLAB_API_KEY;
});
afterEach(async () => {
  await sim?.close();
  await server?.close();
  sim = undefined;
  server = undefined;
  if (savedEnv === undefined) delete process.env.MODELSLAB_API_KEY;
  else process.env.MODELSLAB_API_KEY = savedEnv;
});

async function start(): Promise<Simulator> {
  sim = await createSimulator({ modelslab: { jobMs: Number.POSITIVE_INFINITY } });
  return sim;
}

const clientFor = modelsLabClientFor;

const bodyKey = [{ location: 'body', name: 'key', masked: expect.any(String) }];
const bearer = [{ location: 'header', name: 'authorization', masked: expect.any(String) }];
const apiKeyHeader = [{ location: 'header', name: 'x-api-key', masked: expect.any(String) }];
const hello = { model: 'meta-llama-3-8B-instruct', messages: [{ role: 'user', content: 'hello there' }] };
const image = 'https://example.com/in.png';

/** Every v6 route the client wraps, the wallet, and each family's fetch, in one go. */
async function everyBodyRoute(client: ModelsLabClient): Promise<string[]> {
  const paths: string[] = [];
  const track = async (path: string, call: Promise<unknown>) => {
    paths.push(path);
    await call;
  };
  await track('/api/v6/images/text2img', client.images.text2img({ prompt: 'p', model_id: 'm', samples: 2 }));
  await track('/api/v6/images/img2img', client.images.img2img({ model_id: 'm', init_image: image }));
  await track(
    '/api/v6/images/inpaint',
    client.images.inpaint({ model_id: 'm', prompt: 'p', init_image: image, mask_image: image }),
  );
  await track(
    '/api/v6/images/controlnet',
    client.images.controlnet({ model_id: 'm', controlnet_model: 'canny', init_image: image, prompt: 'p' }),
  );
  await track('/api/v6/realtime/text2img', client.realtime.text2img({ prompt: 'p' }));
  await track('/api/v6/realtime/img2img', client.realtime.img2img({ prompt: 'p', init_image: image }));
  await track(
    '/api/v6/realtime/inpaint',
    client.realtime.inpaint({ prompt: 'p', init_image: image, mask_image: image }),
  );
  await track('/api/v6/video/text2video', client.video.text2video({ model_id: 'm', prompt: 'p' }));
  await track('/api/v6/video/img2video', client.video.img2video({ model_id: 'm', init_image: image }));
  await track(
    '/api/v6/voice/text_to_speech',
    client.audio.textToSpeech({ prompt: 'p', voice_id: 'v', language: 'english' }),
  );
  await track('/api/wallet_balance', client.account.balance());
  await track('/api/v6/images/fetch/1000', client.images.fetch(1000));
  await track('/api/v6/realtime/fetch/1004', client.realtime.fetch(1004));
  await track('/api/v6/video/fetch/ml-vid-1007', client.video.fetch('ml-vid-1007'));
  await track('/api/v6/voice/fetch/ml-tts-1009', client.audio.fetch('ml-tts-1009'));
  return paths;
}

describe('ModelsLab chat: the key as a Bearer header, only there', () => {
  it('chat.completions.create gets the echo, with exactly one credential: authorization', async () => {
    const s = await start();
    const reply = await clientFor(s).chat.completions.create(hello);
    expect(reply.choices[0]?.message).toEqual({ role: 'assistant', content: 'Echo: hello there' });
    expect(reply).toMatchObject({ object: 'chat.completion', model: hello.model });
    expect(s.requests).toHaveLength(1);
    expect(s.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v7/llm/chat/completions',
      status: 200,
    });
    expect(s.requests[0]?.credentials).toEqual(bearer);
  });

  it('every v6 route, the wallet and every fetch get exactly one credential, the body field key, even between chats', async () => {
    const s = await start();
    const client = clientFor(s);
    await client.chat.completions.create(hello);
    const paths = await everyBodyRoute(client);
    await client.chat.completions.create(hello);
    expect(s.requests.map((r) => r.path)).toEqual([
      '/api/v7/llm/chat/completions',
      ...paths,
      '/api/v7/llm/chat/completions',
    ]);
    const [firstChat, ...rest] = s.requests;
    const lastChat = rest.pop();
    expect(firstChat?.credentials).toEqual(bearer);
    expect(lastChat?.credentials).toEqual(bearer);
    for (const request of rest) {
      expect(request.credentials, request.path).toEqual(bodyKey);
      expect(request.status, request.path).toBe(200);
    }
  });

  it('an image fetch in the request_id form is a body route too', async () => {
    sim = await createSimulator({ modelslab: { imageFetch: 'request_id', jobMs: Number.POSITIVE_INFINITY } });
    const client = clientFor(sim);
    await client.images.text2img({ prompt: 'p', model_id: 'm', samples: 2 });
    await client.images.fetch(1000);
    expect(sim.requests.map((r) => r.path)).toEqual([
      '/api/v6/images/text2img',
      '/api/v6/images/fetch/1000',
      '/api/v6/images/fetch',
    ]);
    for (const request of sim.requests) expect(request.credentials).toEqual(bodyKey);
  });

  it('client.request below the chat path is signed like chat; beside it, like v6', async () => {
    const s = await start();
    const client = clientFor(s);
    await client.request({ method: 'POST', path: '../v7/llm/chat/completions', json: hello });
    await client.request({ method: 'POST', path: '../wallet_balance', json: {} });
    // `..` segments are resolved before the route is chosen: this is the chat path.
    await client.request({ method: 'POST', path: 'images/../../v7/llm/chat/completions', json: hello });
    expect(s.requests.map((r) => [r.path, r.status, r.credentials])).toEqual([
      ['/api/v7/llm/chat/completions', 200, bearer],
      ['/api/wallet_balance', 200, bodyKey],
      ['/api/v7/llm/chat/completions', 200, bearer],
    ]);
  });

  it('refuses stream: true, a key in the params and no messages before sending', async () => {
    const s = await start();
    const chat = clientFor(s).chat.completions;
    const leaked = 'ml-key-in-chat-params';
    for (const params of [
      { ...hello, stream: true },
      { ...hello, key: leaked },
      { model: 'm', messages: [] },
      { model: 'm' },
    ]) {
      const error = await chat.create(params as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(params)).toBeInstanceOf(ConfigurationError);
      expect(everyRendering(error)).not.toContain(leaked);
    }
    const streaming = await chat.create({ ...hello, stream: true } as never).catch((e: unknown) => e);
    expect((streaming as Error).message).toMatch(/stream/);
    expect(s.requests).toHaveLength(0);
  });

  it('does not modify the caller’s params', async () => {
    const s = await start();
    const params = structuredClone(hello);
    Object.freeze(params);
    Object.freeze(params.messages);
    await clientFor(s).chat.completions.create(params);
    expect(params).toEqual(hello);
  });
});

describe('ModelsLab chat errors: { error: { message, type, code } } with real statuses', () => {
  it('401 → AuthenticationError with code invalid_api_key, the key in no rendering', async () => {
    const s = await start();
    const key = s.keys.modelslab.invalid;
    const error = await clientFor(s, { apiKey: key })
      .chat.completions.create(hello)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', provider: 'modelslab' });
    expect((error as Error).message).toContain('Invalid API key');
    expect(everyRendering(error)).not.toContain(key);
    expect(s.requests[0]?.credentials).toEqual(bearer);
  });

  it('a key in the chat body (a BodyKeyStrategy on the chat route) → BadRequestError key_in_body', async () => {
    const s = await start();
    const key = s.keys.modelslab.valid;
    const error = await clientFor(s, {
      routeStrategies: { chat: new BodyKeyStrategy({ key, field: 'key' }) },
    })
      .chat.completions.create(hello)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'key_in_body' });
    expect(everyRendering(error)).not.toContain(key);
    expect(s.requests[0]?.credentials).toEqual(bodyKey);
  });

  it.each([
    ['noCredits', InsufficientCreditsError, 402, 'insufficient_credits'],
    ['forbidden', PermissionDeniedError, 403, 'forbidden'],
    ['rateLimited', RateLimitError, 429, 'rate_limit_exceeded'],
  ] as const)('the %s key → %o', async (scenario, ErrorClass, status, code) => {
    const s = await start();
    const key = s.keys.modelslab[scenario];
    const error = await clientFor(s, { apiKey: key })
      .chat.completions.create(hello)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toMatchObject({ status, code });
    expect(everyRendering(error)).not.toContain(key);
    expect(s.requests).toHaveLength(1);
  });
});

describe('ModelsLab routeStrategies and strategy', () => {
  it('routeStrategies.chat moves the chat key to x-api-key; the v6 routes keep the body', async () => {
    const s = await start();
    const key = s.keys.modelslab.valid;
    const client = clientFor(s, {
      routeStrategies: { chat: new HeaderKeyStrategy({ key, header: 'x-api-key' }) },
    });
    // The simulated chat API reads only the Bearer header: x-api-key is refused.
    await expect(client.chat.completions.create(hello)).rejects.toBeInstanceOf(AuthenticationError);
    await client.images.text2img({ prompt: 'p', model_id: 'm' });
    expect(s.requests.map((r) => [r.path, r.credentials])).toEqual([
      ['/api/v7/llm/chat/completions', apiKeyHeader],
      ['/api/v6/images/text2img', bodyKey],
    ]);
  });

  it('a routeStrategies entry for a route ModelsLab does not have → ConfigurationError naming "chat"', () => {
    const strategy = new HeaderKeyStrategy({ key: 'ml-test-key' });
    const build = () => new ModelsLabClient({ apiKey: 'ml-test-key', routeStrategies: { nope: strategy } });
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(/"nope"/);
    expect(build).toThrow(/"chat"/);
  });

  it('refuses a routeStrategies value that is not an AuthStrategy, or not an object', () => {
    expect(
      () => new ModelsLabClient({ apiKey: 'ml-test-key', routeStrategies: { chat: 'Bearer x' as never } }),
    ).toThrow(ConfigurationError);
    expect(() => new ModelsLabClient({ apiKey: 'ml-test-key', routeStrategies: [] as never })).toThrow(
      ConfigurationError,
    );
  });

  it('refuses apiKey together with strategy', () => {
    expect(
      () =>
        new ModelsLabClient({
          apiKey: 'ml-test-key',
          strategy: new HeaderKeyStrategy({ key: 'ml-test-key' }),
        }),
    ).toThrow(ConfigurationError);
  });

  it('strategy replaces the v6 placement only; chat then needs its own strategy and never reads the environment', async () => {
    const s = await start();
    // Another key in the environment must not be sent on the chat route behind the caller's back.
    process.env.MODELSLAB_API_KEY = s.keys.modelslab.forbidden;
    const client = clientFor(s, {
      strategy: new HeaderKeyStrategy({ key: s.keys.modelslab.valid, header: 'x-api-key' }),
    });
    // The simulated v6 API reads the key from the body only: a header key is no key at all.
    await expect(client.images.text2img({ prompt: 'p', model_id: 'm' })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    const error = await client.chat.completions.create(hello).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('routeStrategies: { chat');
    expect(s.requests.map((r) => [r.path, r.credentials])).toEqual([
      ['/api/v6/images/text2img', apiKeyHeader],
    ]);
  });

  it('strategy with routeStrategies.chat: each route uses the strategy it was given', async () => {
    const s = await start();
    const client = clientFor(s, {
      strategy: new BodyKeyStrategy({ key: s.keys.modelslab.valid, field: 'key' }),
      routeStrategies: {
        chat: new HeaderKeyStrategy({
          key: s.keys.modelslab.valid,
          header: 'authorization',
          prefix: 'Bearer ',
        }),
      },
    });
    await expect(client.images.text2img({ prompt: 'p', model_id: 'm' })).resolves.toMatchObject({
      status: 'success',
    });
    const reply = await client.chat.completions.create(hello);
    expect(reply.choices[0]?.message.content).toBe('Echo: hello there');
    expect(s.requests.map((r) => [r.path, r.credentials.map((c) => c.location)])).toEqual([
      ['/api/v6/images/text2img', ['body']],
      ['/api/v7/llm/chat/completions', ['header']],
    ]);
  });

  it('reads MODELSLAB_API_KEY for both placements when neither apiKey nor strategy is given', async () => {
    const s = await start();
    process.env.MODELSLAB_API_KEY = s.keys.modelslab.valid;
    const client = new ModelsLabClient({ baseUrl: s.modelslab.baseUrl, maxRetries: 0 });
    await client.chat.completions.create(hello);
    await client.account.balance();
    expect(s.requests.map((r) => [r.path, r.status, r.credentials])).toEqual([
      ['/api/v7/llm/chat/completions', 200, bearer],
      ['/api/wallet_balance', 200, bodyKey],
    ]);
  });
});

describe('ModelsLab withOptions keeps each route’s placement', () => {
  it('withOptions({ timeout }) keeps the body key on v6 and the Bearer on chat', async () => {
    const s = await start();
    const client = clientFor(s).withOptions({ timeout: 5_000 });
    expect(client).toBeInstanceOf(ModelsLabClient);
    await client.images.text2img({ prompt: 'p', model_id: 'm' });
    await client.chat.completions.create(hello);
    await client.account.balance();
    expect(s.requests.map((r) => [r.path, r.status, r.credentials])).toEqual([
      ['/api/v6/images/text2img', 200, bodyKey],
      ['/api/v7/llm/chat/completions', 200, bearer],
      ['/api/wallet_balance', 200, bodyKey],
    ]);
  });

  it('withOptions({ timeout }) keeps a routeStrategies.chat override and a custom strategy', async () => {
    const s = await start();
    process.env.MODELSLAB_API_KEY = s.keys.modelslab.valid;
    const key = s.keys.modelslab.valid;
    const client = clientFor(s, {
      strategy: new HeaderKeyStrategy({ key, header: 'x-api-key' }),
      routeStrategies: { chat: new BodyKeyStrategy({ key, field: 'key' }) },
    }).withOptions({ timeout: 5_000 });
    await client.images.text2img({ prompt: 'p', model_id: 'm' }).catch(() => undefined);
    await client.chat.completions.create(hello).catch(() => undefined);
    expect(s.requests.map((r) => [r.path, r.credentials])).toEqual([
      ['/api/v6/images/text2img', apiKeyHeader],
      ['/api/v7/llm/chat/completions', bodyKey],
    ]);
  });

  it('withOptions({ apiKey }) moves both routes to the new key; the original client keeps its own', async () => {
    const s = await start();
    const original = clientFor(s, { apiKey: s.keys.modelslab.invalid });
    const renewed = original.withOptions({ apiKey: s.keys.modelslab.valid });
    await expect(renewed.images.text2img({ prompt: 'p', model_id: 'm' })).resolves.toMatchObject({
      status: 'success',
    });
    await expect(renewed.chat.completions.create(hello)).resolves.toMatchObject({
      object: 'chat.completion',
    });
    await expect(renewed.account.balance()).resolves.toEqual({ balance: 25, currency: 'USD' });
    await expect(original.images.text2img({ prompt: 'p', model_id: 'm' })).rejects.toBeInstanceOf(
      AuthenticationError,
    );
    await expect(original.chat.completions.create(hello)).rejects.toBeInstanceOf(AuthenticationError);
    expect(s.requests.map((r) => [r.path, r.credentials])).toEqual([
      ['/api/v6/images/text2img', bodyKey],
      ['/api/v7/llm/chat/completions', bearer],
      ['/api/wallet_balance', bodyKey],
      ['/api/v6/images/text2img', bodyKey],
      ['/api/v7/llm/chat/completions', bearer],
    ]);
  });

  it('withOptions({ apiKey }) on a client built with a strategy: both routes take the new key', async () => {
    const s = await start();
    const client = clientFor(s, {
      strategy: new HeaderKeyStrategy({ key: s.keys.modelslab.valid, header: 'x-api-key' }),
    }).withOptions({ apiKey: s.keys.modelslab.valid });
    await expect(client.images.text2img({ prompt: 'p', model_id: 'm' })).resolves.toMatchObject({
      status: 'success',
    });
    await client.chat.completions.create(hello);
    expect(s.requests.map((r) => [r.path, r.status, r.credentials])).toEqual([
      ['/api/v6/images/text2img', 200, bodyKey],
      ['/api/v7/llm/chat/completions', 200, bearer],
    ]);
  });
});

describe('ModelsLab redirects between routes: each hop is signed by the route of its path', () => {
  const jobSuccess = { status: 'success', id: 1, output: ['https://cdn.example/1.png'] };
  const completion = {
    id: 'chat-1',
    object: 'chat.completion',
    choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }],
  };
  const key = 'ml-test-key';

  async function redirecting(from: string, to: string, answer: unknown): Promise<TestServer> {
    server = await startServer((request, response) => {
      if (request.url === from) {
        response.writeHead(307, { location: to }).end();
        return;
      }
      sendJson(response, 200, answer);
    });
    return server;
  }

  const received = (r: TestServer['requests'][number]) => ({
    url: r.url,
    authorization: r.headers.authorization,
    xApiKey: r.headers['x-api-key'],
    body: JSON.parse(r.body || '{}') as Record<string, unknown>,
  });

  it('a 307 from a v6 path to the chat path moves the key from the body to the Bearer header', async () => {
    const s = await redirecting('/api/v6/images/text2img', '/api/v7/llm/chat/completions', jobSuccess);
    const client = new ModelsLabClient({ apiKey: key, baseUrl: `${s.origin}/api/v6`, maxRetries: 0 });
    await expect(client.images.text2img({ prompt: 'p', model_id: 'm' })).resolves.toMatchObject(jobSuccess);
    const [first, second] = s.requests.map(received);
    expect(s.requests).toHaveLength(2);
    expect(first).toMatchObject({
      url: '/api/v6/images/text2img',
      authorization: undefined,
      xApiKey: undefined,
    });
    expect(first?.body).toMatchObject({ prompt: 'p', model_id: 'm', key });
    expect(second).toMatchObject({
      url: '/api/v7/llm/chat/completions',
      authorization: `Bearer ${key}`,
      xApiKey: undefined,
    });
    // The body is sent again (307 keeps it), without the key, and with the same track_id.
    expect(second?.body).not.toHaveProperty('key');
    expect(second?.body).toMatchObject({ prompt: 'p', model_id: 'm', track_id: first?.body.track_id });
  });

  it('a 307 from the chat path to a v6 path moves the key from the Bearer header to the body', async () => {
    const s = await redirecting('/api/v7/llm/chat/completions', '/api/v6/images/text2img', completion);
    const client = new ModelsLabClient({ apiKey: key, baseUrl: `${s.origin}/api/v6`, maxRetries: 0 });
    await expect(client.chat.completions.create(hello)).resolves.toMatchObject({ id: 'chat-1' });
    const [first, second] = s.requests.map(received);
    expect(s.requests).toHaveLength(2);
    expect(first).toMatchObject({ url: '/api/v7/llm/chat/completions', authorization: `Bearer ${key}` });
    expect(first?.body).not.toHaveProperty('key');
    expect(second).toMatchObject({ url: '/api/v6/images/text2img', authorization: undefined });
    expect(second?.body).toEqual({ ...hello, key });
  });

  it('a redirect to another origin is refused before the key is sent there', async () => {
    const s = await redirecting(
      '/api/v6/images/text2img',
      'https://example.com/api/v7/llm/chat/completions',
      {},
    );
    const client = new ModelsLabClient({ apiKey: key, baseUrl: `${s.origin}/api/v6`, maxRetries: 0 });
    const error = await client.images.text2img({ prompt: 'p', model_id: 'm' }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('RedirectError');
    expect(everyRendering(error)).not.toContain(key);
    expect(s.requests).toHaveLength(1);
  });
});

describe('RouteStrategy', () => {
  const named = (name: string) => ({
    name,
    authenticate: vi.fn<(request: AuthRequest) => void>(),
  });
  const request = (url: string): AuthRequest => ({
    method: 'POST',
    url: new URL(url),
    headers: new Headers(),
    body: {},
    conceal: () => undefined,
  });

  it('picks the longest matching prefix, whatever the order given', () => {
    const api = named('api');
    const llm = named('llm');
    const fallback = named('fallback');
    const strategy = new RouteStrategy({
      fallback,
      routes: [
        { pathPrefix: '/api/', strategy: api },
        { pathPrefix: '/api/v7/llm/', strategy: llm },
      ],
    });
    expect(strategy.strategyFor('/api/v7/llm/chat/completions')).toBe(llm);
    expect(strategy.strategyFor('/api/v6/images/text2img')).toBe(api);
    expect(strategy.strategyFor('/v1/other')).toBe(fallback);
    // Whole segments: /api/v7/llmx/ is not below /api/v7/llm/, and /api/v7/llm without the slash neither.
    expect(strategy.strategyFor('/api/v7/llmx/chat')).toBe(api);
    expect(strategy.strategyFor('/api/v7/llm')).toBe(api);
    expect(strategy.strategyFor('/apix/v7/llm/chat')).toBe(fallback);
    const reversed = new RouteStrategy({
      fallback,
      routes: [
        { pathPrefix: '/api/v7/llm/', strategy: llm },
        { pathPrefix: '/api/', strategy: api },
      ],
    });
    expect(reversed.strategyFor('/api/v7/llm/chat/completions')).toBe(llm);
    expect(reversed.strategyFor('/api/wallet_balance')).toBe(api);
  });

  it('authenticates with the strategy of the normalised URL path: .. and %2e%2e cannot fool it', async () => {
    const llm = named('llm');
    const fallback = named('fallback');
    const strategy = new RouteStrategy({ fallback, routes: [{ pathPrefix: '/api/v7/llm/', strategy: llm }] });
    for (const url of [
      'https://modelslab.com/api/v6/../v7/llm/x',
      'https://modelslab.com/api/v6/%2e%2e/v7/llm/x',
      'https://modelslab.com/api/v6/./.././v7/llm/chat/completions',
    ]) {
      const auth = request(url);
      await strategy.authenticate(auth);
      expect(llm.authenticate).toHaveBeenLastCalledWith(auth);
    }
    expect(llm.authenticate).toHaveBeenCalledTimes(3);
    const escaped = request('https://modelslab.com/api/v7/llm/../../v6/images/text2img');
    await strategy.authenticate(escaped);
    expect(fallback.authenticate).toHaveBeenCalledExactlyOnceWith(escaped);
    expect(llm.authenticate).toHaveBeenCalledTimes(3);
  });

  it('passes the chosen strategy’s promise through', async () => {
    const order: string[] = [];
    const slow: AuthStrategy = {
      name: 'slow',
      authenticate: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        order.push('placed');
      },
    };
    const strategy = new RouteStrategy({
      fallback: named('fallback'),
      routes: [{ pathPrefix: '/a/', strategy: slow }],
    });
    await strategy.authenticate(request('https://h.example/a/b'));
    order.push('after');
    expect(order).toEqual(['placed', 'after']);
  });

  it.each([
    ['api/v7/llm/', 'no leading slash'],
    ['/api/v7/llm', 'no trailing slash'],
    ['', 'empty'],
    [undefined, 'missing'],
    ['https://modelslab.com/api/v7/llm/', 'an absolute URL'],
  ] as Array<[string | undefined, string]>)(
    'refuses the pathPrefix %o (%s) with a ConfigurationError',
    (pathPrefix) => {
      expect(
        () =>
          new RouteStrategy({
            fallback: named('fallback'),
            routes: [{ pathPrefix: pathPrefix as string, strategy: named('x') }],
          }),
      ).toThrow(ConfigurationError);
    },
  );

  it('refuses a route or fallback strategy without authenticate', () => {
    expect(
      () =>
        new RouteStrategy({
          fallback: named('fallback'),
          routes: [{ pathPrefix: '/a/', strategy: {} as AuthStrategy }],
        }),
    ).toThrow(/routes\[0\]\.strategy/);
    expect(() => new RouteStrategy({ fallback: undefined as never, routes: [] })).toThrow(ConfigurationError);
  });
});
