import { EnvHttpProxyAgent, ProxyAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../providers/twelvelabs/index.js';
import {
  type AuthStrategy,
  BodyKeyStrategy,
  ConfigurationError,
  createTransport,
  type Dispatcher,
  HeaderKeyStrategy,
  RedirectError,
} from '../../src/index.js';
import { type ConnectProxy, startConnectProxy } from '../helpers/connect-proxy.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestHandler, type TestServer } from '../helpers/server.js';
import { opensslUnavailable, startTlsServer, testCertificate } from '../helpers/tls-server.js';

// The issue: Node's fetch ignores HTTPS_PROXY, so keygate takes an undici `dispatcher`. These
// tests send real HTTPS calls through a real CONNECT proxy on loopback and read every byte it
// relayed: the proxy learns host and port, never the key, and the redirect guard is unchanged.

const headerKey = 'tl-test-key';
const bodyKey = 'ml-test-key';
const index = { _id: 'idx-1', index_name: 'proxied' };
const placements: { name: string; key: string; strategy: () => AuthStrategy }[] = [
  {
    name: 'header',
    key: headerKey,
    strategy: () => new HeaderKeyStrategy({ key: headerKey, header: 'x-api-key' }),
  },
  { name: 'body', key: bodyKey, strategy: () => new BodyKeyStrategy({ key: bodyKey }) },
];

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  // Dispatchers first (they hold tunnels open), then proxies and servers.
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function proxy(): Promise<ConnectProxy> {
  const started = await startConnectProxy();
  cleanups.push(() => started.close());
  return started;
}

async function tlsServer(handler: TestHandler): Promise<TestServer> {
  const server = await startTlsServer(handler);
  cleanups.push(() => server.close());
  return server;
}

/** A `ProxyAgent` through `via` that trusts the test certificate, closed after the test. */
function proxyAgent(via: ConnectProxy): ProxyAgent {
  const agent = new ProxyAgent({ uri: via.url, requestTls: { ca: testCertificate().cert } });
  cleanups.unshift(() => agent.close());
  return agent;
}

/** `host:port` of an origin, as a `CONNECT` names it. */
function hostPort(origin: string): string {
  return new URL(origin).host;
}

/**
 * Asserts the proxy opened at least one tunnel, and only to `origin`. How many is undici's pool's
 * business (it may open a second tunnel for a second call), not keygate's.
 */
function expectTunnelsOnlyTo(via: ConnectProxy, origin: string): void {
  expect(via.connects.length).toBeGreaterThan(0);
  expect(new Set(via.connects)).toEqual(new Set([hostPort(origin)]));
}

/** Asserts the key is nowhere in `bytes`: not as UTF-8, base64, base64url, hex or percent-encoded. */
function expectKeyAbsent(bytes: Buffer, key: string): void {
  const raw = Buffer.from(key);
  const spellings = [
    key,
    raw.toString('base64').replace(/=+$/, ''),
    raw.toString('base64url'),
    raw.toString('hex'),
    encodeURIComponent(key),
  ];
  for (const spelling of spellings) {
    expect(bytes.includes(spelling), `the proxy saw the key spelled ${spelling}`).toBe(false);
  }
}

const skipReason = opensslUnavailable();

describe.skipIf(skipReason !== undefined)(
  `HTTPS through a CONNECT proxy${skipReason === undefined ? '' : ` (skipped: ${skipReason})`}`,
  () => {
    it('docs/proxies.md example: TwelveLabsClient with a ProxyAgent', async () => {
      const via = await proxy();
      const target = await tlsServer((_request, response) => sendJson(response, 200, index));
      const client = new TwelveLabsClient({
        apiKey: headerKey,
        baseUrl: `${target.origin}/v1.3`,
        dispatcher: proxyAgent(via),
      });

      await expect(client.indexes.retrieve('idx-1')).resolves.toEqual(index);

      expect(target.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /v1.3/indexes/idx-1']);
      expect(target.requests[0]?.headers['x-api-key']).toBe(headerKey);
      expectTunnelsOnlyTo(via, target.origin);
      expect(via.relayed().length).toBeGreaterThan(0);
      expectKeyAbsent(via.relayed(), headerKey);
    });

    it('createTransport with a header key: the target gets x-api-key, the proxy only ciphertext', async () => {
      const via = await proxy();
      const target = await tlsServer((_request, response) => sendJson(response, 200, index));
      const transport = createTransport({
        provider: 'TwelveLabs',
        baseUrl: `${target.origin}/v1.3`,
        strategy: new HeaderKeyStrategy({ key: headerKey, header: 'x-api-key' }),
        dispatcher: proxyAgent(via),
      });

      await expect(transport.request({ method: 'GET', path: 'indexes/idx-1' })).resolves.toEqual(index);
      // A second call, on the same tunnel or a new one: still no key on the proxy.
      await expect(transport.request({ method: 'GET', path: 'indexes' })).resolves.toEqual(index);

      expect(target.requests.map((r) => r.headers['x-api-key'])).toEqual([headerKey, headerKey]);
      expectTunnelsOnlyTo(via, target.origin);
      expectKeyAbsent(via.relayed(), headerKey);
    });

    it('a body key (ModelsLab style) reaches the target inside the tunnel only', async () => {
      const via = await proxy();
      const target = await tlsServer((_request, response) => sendJson(response, 200, { status: 'success' }));
      const transport = createTransport({
        provider: 'ModelsLab',
        baseUrl: `${target.origin}/api/v6`,
        strategy: new BodyKeyStrategy({ key: bodyKey }),
        dispatcher: proxyAgent(via),
      });

      await expect(
        transport.request({ method: 'POST', path: 'images/text2img', json: { prompt: 'a red fox' } }),
      ).resolves.toEqual({ status: 'success' });

      expect(JSON.parse(target.requests[0]?.body ?? '{}')).toEqual({ prompt: 'a red fox', key: bodyKey });
      expectTunnelsOnlyTo(via, target.origin);
      expectKeyAbsent(via.relayed(), bodyKey);
    });

    for (const status of [302, 307]) {
      for (const { name, key, strategy } of placements) {
        it(`a ${status} to another HTTPS origin is refused (${name} key): no request there, no CONNECT to it`, async () => {
          const via = await proxy();
          const other = await tlsServer((_request, response) => sendJson(response, 200, { stolen: true }));
          const target = await tlsServer((_request, response) => {
            response.writeHead(status, { location: `${other.origin}/collect` }).end();
          });
          const transport = createTransport({
            provider: 'Test',
            baseUrl: `${target.origin}/v1.3`,
            strategy: strategy(),
            dispatcher: proxyAgent(via),
          });

          const error = await transport
            .request({ method: 'POST', path: 'indexes', json: { index_name: 'x' } })
            .catch((e: unknown) => e);

          expect(error).toBeInstanceOf(RedirectError);
          expect((error as RedirectError).status).toBe(status);
          expect((error as RedirectError).location).toBe(other.origin);
          expect(target.requests).toHaveLength(1);
          expect(other.requests).toHaveLength(0);
          expectTunnelsOnlyTo(via, target.origin);
          expect(via.connects).not.toContain(hostPort(other.origin));
          expectKeyAbsent(via.relayed(), key);
          expect(everyRendering(error)).not.toContain(key);
        });
      }
    }

    it('EnvHttpProxyAgent with httpsProxy given as an option works the same', async () => {
      const via = await proxy();
      const target = await tlsServer((_request, response) => sendJson(response, 200, index));
      // Options, not the environment: `noProxy: ''` so a NO_PROXY=127.0.0.1 on the machine running
      // the tests cannot send the call around the proxy.
      const agent = new EnvHttpProxyAgent({
        httpsProxy: via.url,
        httpProxy: via.url,
        noProxy: '',
        requestTls: { ca: testCertificate().cert },
      });
      cleanups.unshift(() => agent.close());
      const client = new TwelveLabsClient({
        apiKey: headerKey,
        baseUrl: `${target.origin}/v1.3`,
        dispatcher: agent,
      });

      await expect(client.indexes.retrieve('idx-1')).resolves.toEqual(index);

      expect(target.requests[0]?.headers['x-api-key']).toBe(headerKey);
      expectTunnelsOnlyTo(via, target.origin);
      expectKeyAbsent(via.relayed(), headerKey);
    });
  },
);

describe('the proxy recorder', () => {
  it('sees a key sent in clear: over plain HTTP (loopback only) the proxy reads the header', async () => {
    // The control for every `expectKeyAbsent` above: the same proxy and dispatcher, without TLS.
    const via = await proxy();
    const target = await startServer((_request, response) => sendJson(response, 200, index));
    cleanups.push(() => target.close());
    const agent = new ProxyAgent(via.url);
    cleanups.unshift(() => agent.close());
    const transport = createTransport({
      provider: 'TwelveLabs',
      baseUrl: target.origin,
      strategy: new HeaderKeyStrategy({ key: headerKey, header: 'x-api-key' }),
      dispatcher: agent,
    });

    await transport.request({ method: 'GET', path: 'indexes/idx-1' });

    expectTunnelsOnlyTo(via, target.origin);
    // Both directions are recorded: the request with its key, and the answer.
    expect(via.relayed().includes(`x-api-key: ${headerKey}`)).toBe(true);
    expect(via.relayed().includes('"index_name":"proxied"')).toBe(true);
  });
});

describe('a bad dispatcher', () => {
  const bad: Record<string, unknown> = {
    'an empty object': {},
    'a dispatch that is not a function': { dispatch: true },
    'a string': 'http://127.0.0.1:8080',
    null: null,
  };
  for (const [name, dispatcher] of Object.entries(bad)) {
    it(`${name} is a ConfigurationError at construction`, () => {
      const build = () =>
        createTransport({
          provider: 'TwelveLabs',
          baseUrl: 'https://api.twelvelabs.io/v1.3',
          strategy: new HeaderKeyStrategy({ key: headerKey }),
          dispatcher: dispatcher as Dispatcher,
        });
      expect(build).toThrow(ConfigurationError);
      expect(build).toThrow(/`dispatcher` must be an undici Dispatcher/);
    });
  }

  it('is refused by a provider client too, before any call', () => {
    expect(
      () => new TwelveLabsClient({ apiKey: headerKey, dispatcher: {} as unknown as Dispatcher }),
    ).toThrow(ConfigurationError);
  });
});
