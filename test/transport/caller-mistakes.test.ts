import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../providers/twelvelabs/index.js';
import {
  type AuthStrategy,
  BodyKeyStrategy,
  ConfigurationError,
  createTransport,
  HeaderKeyStrategy,
  pathSegment,
  type Transport,
} from '../../src/index.js';
import { everyRendering } from '../helpers/secrets.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

// Caller mistakes (issue 9, item 6) are ConfigurationErrors that name the mistake, thrown before
// anything is sent: not a fetch TypeError reported as ConnectionError ("could not reach"), and
// not a 400 for a request that did go out.

const key = 'tl-test-key';
let server: TestServer;
// Node's HTTP parser answers an unknown method (FETCH) with a 400 before the handler runs, so the
// server's log alone cannot prove nothing went out: every fetch the transport makes is counted too.
let fetches: number;

beforeEach(async () => {
  server = await startServer((_request, response) => sendJson(response, 200, { ok: true }));
  fetches = 0;
});
afterEach(async () => {
  await server.close();
});

function transport(strategy: AuthStrategy = new HeaderKeyStrategy({ key })): Transport {
  return createTransport({
    provider: 'Test',
    baseUrl: `${server.origin}/v1.3`,
    strategy,
    maxRetries: 0,
    fetch: (input, init) => {
      fetches++;
      return fetch(input, init);
    },
  });
}

async function refused(call: unknown, strategy?: AuthStrategy): Promise<ConfigurationError> {
  const error = await transport(strategy)
    .request(call as Parameters<Transport['request']>[0])
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigurationError);
  expect((error as ConfigurationError).provider).toBe('test');
  expect(server.requests).toEqual([]);
  expect(fetches).toBe(0);
  expect(everyRendering(error)).not.toContain(key);
  return error as ConfigurationError;
}

const cyclic: Record<string, unknown> = { name: 'cats' };
cyclic.self = cyclic;

describe('a call that is wrong is refused before anything is sent', () => {
  it.each([
    ['a number path', { method: 'GET', path: 42 }, /`path` must be a string .* got a number/],
    ['no path', { method: 'GET' }, /`path` must be a string .* got undefined/],
    ['an object path', { method: 'GET', path: { id: 1 } }, /`path` must be a string .* got an object/],
    ['a URL object path', { method: 'GET', path: new URL('https://example.com/x') }, /got a URL object/],
    ['an empty path', { method: 'GET', path: '' }, /`path` is empty; use "\/"/],
    ['an unknown method', { method: 'FETCH', path: 'x' }, /`method` must be one of GET, .*; got "FETCH"/],
    ['a method with a space', { method: 'get ', path: 'x' }, /`method` must be one of .*; got "get "/],
    ['CONNECT', { method: 'CONNECT', path: 'x' }, /got "CONNECT"/],
    ['TRACE', { method: 'TRACE', path: 'x' }, /got "TRACE"/],
    ['a number method', { method: 1, path: 'x' }, /`method` must be one of .*; got a number/],
    ['no method', { path: 'x' }, /`method` must be one of .*; got undefined/],
    [
      'a GET with json',
      { method: 'GET', path: 'x', json: { a: 1 } },
      /a GET request cannot have a body \(`json`\)/,
    ],
    [
      'a HEAD with a form',
      { method: 'HEAD', path: 'x', form: new FormData() },
      /a HEAD request cannot have a body \(`form`\)/,
    ],
    [
      'an array json',
      { method: 'POST', path: 'x', json: [1, 2] },
      /`json` must be a plain object .* got an array/,
    ],
    [
      'a string json',
      { method: 'POST', path: 'x', json: 'abc' },
      /`json` must be a plain object .* got a string/,
    ],
    ['a null json', { method: 'POST', path: 'x', json: null }, /`json` must be a plain object .* got null/],
    [
      'a plain-object form',
      { method: 'POST', path: 'x', form: { a: 1 } },
      /`form` must be a FormData; got an object/,
    ],
    [
      'an object query value',
      { method: 'GET', path: 'x', query: { filter: { a: 1 } } },
      /query parameter "filter" is an object/,
    ],
    [
      'an array query value holding an object (a list of scalars is sent as repeated keys)',
      { method: 'GET', path: 'x', query: { ids: [1, { id: 2 }] } },
      /query parameter "ids" is an array/,
    ],
    [
      'a symbol query value',
      { method: 'GET', path: 'x', query: { s: Symbol('s') } },
      /query parameter "s" is a symbol/,
    ],
    [
      'a function query value',
      { method: 'GET', path: 'x', query: { f: () => 1 } },
      /query parameter "f" is a function/,
    ],
    [
      'a null query value',
      { method: 'GET', path: 'x', query: { page: null } },
      /query parameter "page" is null/,
    ],
    [
      'a NaN query value',
      { method: 'GET', path: 'x', query: { page: Number.NaN } },
      /query parameter "page" is NaN/,
    ],
    [
      'a string query',
      { method: 'GET', path: 'x', query: 'a=1' },
      /`query` must be a plain object .* got a string/,
    ],
    [
      'a string signal',
      { method: 'GET', path: 'x', signal: 'abort' },
      /`signal` must be an AbortSignal.* got a string/,
    ],
    [
      'a signal look-alike',
      { method: 'GET', path: 'x', signal: { aborted: false } },
      /`signal` must be an AbortSignal.* got an object/,
    ],
    ['no call at all', null, /request\(\) takes a call object/],
  ])('%s', async (_name, call, message) => {
    const error = await refused(call);
    expect(error.message).toMatch(message);
  });

  it('sends a lower-case known method upper-case, as before', async () => {
    await expect(transport().request({ method: 'get' as 'GET', path: 'x' })).resolves.toEqual({ ok: true });
    expect(server.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('accepts "/" as the explicit way to call baseUrl itself', async () => {
    await transport().request({ method: 'GET', path: '/' });
    expect(server.requests.map((r) => r.url)).toEqual(['/v1.3/']);
  });
});

describe('a JSON body that JSON cannot represent', () => {
  // BodyKeyStrategy adds the key to the body before it is serialised, so these bodies hold the key.
  it.each([
    ['a BigInt', { meta: { count: 10n } }, /the JSON body cannot be serialised: `meta.count` is a BigInt/],
    [
      'a circular structure',
      cyclic,
      /`self.self` refers back to an object that contains it \(a circular structure\)/,
    ],
  ])('%s is named with its field path, never the key or the values', async (_name, json, message) => {
    const error = await refused({ method: 'POST', path: 'x', json }, new BodyKeyStrategy({ key }));
    expect(error.message).toMatch(message);
    expect(everyRendering(error)).not.toContain('cats');
  });

  it('a BigInt with a header key is refused the same way', async () => {
    const error = await refused({ method: 'POST', path: 'x', json: { ids: [1, 2n] } });
    expect(error.message).toMatch(/`ids\[1\]` is a BigInt/);
  });
});

describe('malformed transport headers', () => {
  const secret = `Bearer ${key}`;
  it.each([
    ['a name with a space', { 'x api': 'v' }, /invalid header name: "x" is followed by a space/],
    [
      'a name with a colon',
      { 'Authorization: Bearer tl-test-key': '' },
      /"Authorization" is followed by a colon/,
    ],
    ['a name with a newline', { 'x\nb': 'v' }, /"x" is followed by a line feed \(LF\)/],
    [
      'a value with CR LF',
      { authorization: `${secret}\r\nx-injected: 1` },
      /header "authorization" a value with a line break/,
    ],
    [
      'a value with NUL',
      { authorization: `${secret}\0` },
      /header "authorization" a value with a NUL character/,
    ],
    [
      'a value above U+00FF',
      { authorization: `${secret}€` },
      /header "authorization" a value with a character above U\+00FF/,
    ],
    [
      'an object value',
      { authorization: { secret } },
      /header "authorization" an object; header values are strings/,
    ],
    [
      'a number',
      42,
      /must be a Headers object, an array of \[name, value\] pairs or a plain object; got a number/,
    ],
    ['a string', secret, /must be a Headers object, .* got a string/],
    ['a pair of one', [[secret]], /must list \[name, value\] pairs; one entry is not a pair/],
    ['a triple', [['authorization', secret, 'x']], /one entry is not a pair/],
  ])('%s: a ConfigurationError that names the header, never its value', (_name, headers, message) => {
    let error: unknown;
    try {
      createTransport({
        provider: 'Test',
        baseUrl: server.origin,
        strategy: new HeaderKeyStrategy({ key: 'other' }),
        headers: headers as HeadersInit,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^Test: `headers` /);
    expect((error as Error).message).toMatch(message);
    expect(everyRendering(error)).not.toContain(key);
  });

  it('through a provider client too, where a trailing CR LF is trimmed as fetch does', () => {
    const headers = (value: string) => ({
      apiKey: 'other',
      baseUrl: server.origin,
      headers: { 'x-trace': value },
    });
    expect(() => new TwelveLabsClient(headers(`${key}\r\n`))).not.toThrow();
    const error = (() => {
      try {
        return new TwelveLabsClient(headers(`${key}\r\nx-injected: 1`));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe(
      'TwelveLabs: `headers` gives header "x-trace" a value with a line break (CR or LF).',
    );
    expect(everyRendering(error)).not.toContain(key);
  });
});

describe('resource ids made of dots', () => {
  it.each(['.', '..', '...', '%2e', '%2E%2e', '.%2e', '%2e.'])('pathSegment refuses %j', (id) => {
    expect(() => pathSegment(id, 'index id', 'TwelveLabs')).toThrow(ConfigurationError);
    expect(() => pathSegment(id, 'index id', 'TwelveLabs')).toThrow(
      /TwelveLabs: the index id ".*" is refused: an id made only of dots/,
    );
  });

  it.each([
    ['a.b', 'a.b'],
    ['..a', '..a'],
    ['%2e%2ex', '%252e%252ex'],
    [42, '42'],
  ])('pathSegment keeps %j as a segment', (id, segment) => {
    expect(pathSegment(id, 'index id', 'TwelveLabs')).toBe(segment);
  });

  it("client.indexes.retrieve('..') does not call the parent endpoint", async () => {
    const client = new TwelveLabsClient({ apiKey: key, baseUrl: `${server.origin}/v1.3` });
    for (const id of ['..', '.', '%2e%2e']) {
      const error = await client.indexes.retrieve(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/the index id .* is refused/);
    }
    expect(server.requests).toEqual([]);
  });
});
