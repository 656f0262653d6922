import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/index.js';
import { checkCall, checkHeaders, serializeJson } from '../../src/transport/check-call.js';
import { everyRendering } from '../helpers/secrets.js';

const key = 'tl-test-key';

function thrown(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).provider).toBe('Test');
    expect(everyRendering(error)).not.toContain(key);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError, nothing was thrown');
}

describe('checkCall', () => {
  it('returns the method upper-case, for any case of the seven methods', () => {
    for (const method of ['get', 'Post', 'PUT', 'patch', 'delete', 'head', 'options']) {
      expect(checkCall({ method, path: 'x' }, 'Test')).toBe(method.toUpperCase());
    }
  });

  it('accepts every documented option', () => {
    const call = {
      method: 'POST',
      path: '/',
      json: { a: 1, nested: { list: [1, 'two'] } },
      query: { page: 1, name: 'cats', deep: true, skipped: undefined },
      signal: new AbortController().signal,
      timeout: 5_000,
      upload: false,
      onUploadProgress: () => undefined,
    };
    expect(checkCall(call, 'Test')).toBe('POST');
    expect(checkCall({ method: 'POST', path: 'x', json: Object.create(null) }, 'Test')).toBe('POST');
    expect(checkCall({ method: 'DELETE', path: 'x', json: {} }, 'Test')).toBe('DELETE');
    expect(checkCall({ method: 'POST', path: 'x', form: new FormData(), upload: true }, 'Test')).toBe('POST');
  });

  it.each([
    [undefined, /request\(\) takes a call object .* got undefined/],
    ['GET /x', /request\(\) takes a call object .* got a string/],
    [
      { method: 'TRACK', path: 'x' },
      /`method` must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS; got "TRACK"/,
    ],
    [{ method: ' GET', path: 'x' }, /got " GET"/],
    [{ method: 'x'.repeat(100), path: 'x' }, /got "x{20}"\./],
    [{ method: 'GET', path: '   ' }, /`path` is empty/],
    [{ method: 'GET', path: Symbol('x') }, /`path` must be a string .* got a symbol/],
    [{ method: 'POST', path: 'x', json: new Map() }, /`json` must be a plain object .* got a Map/],
    [{ method: 'POST', path: 'x', json: new Date() }, /got a Date/],
    [
      { method: 'POST', path: 'x', form: new URLSearchParams() },
      /`form` must be a FormData; got a URLSearchParams/,
    ],
    [{ method: 'get', path: 'x', json: {} }, /a GET request cannot have a body \(`json`\)/],
    [{ method: 'GET', path: 'x', query: { n: Number.POSITIVE_INFINITY } }, /query parameter "n" is Infinity/],
    [{ method: 'GET', path: 'x', query: { n: 1n } }, /query parameter "n" is a BigInt/],
    [{ method: 'GET', path: 'x', query: [['a', 'b']] }, /`query` must be a plain object .* got an array/],
    [{ method: 'GET', path: 'x', query: new URLSearchParams('a=1') }, /got a URLSearchParams/],
    [{ method: 'GET', path: 'x', signal: null }, /`signal` must be an AbortSignal.* got null/],
    [{ method: 'GET', path: 'x', timeout: 0 }, /`timeout` must be a whole number of milliseconds from 1/],
    [{ method: 'GET', path: 'x', timeout: 1.5 }, /`timeout` must be a whole number/],
    [{ method: 'GET', path: 'x', timeout: '100' }, /`timeout` must be a whole number/],
    [{ method: 'GET', path: 'x', timeout: 2 ** 31 }, /`timeout` must be a whole number/],
    [{ method: 'POST', path: 'x', upload: 'yes' }, /`upload` must be true or false; got a string/],
    [
      { method: 'POST', path: 'x', json: {}, form: new FormData() },
      /one body: `json`, `form` or `body`, not several/,
    ],
    [
      { method: 'PUT', path: 'x', json: {}, body: new Blob(['x']) },
      /one body: `json`, `form` or `body`, not several/,
    ],
    [{ method: 'PUT', path: 'x', body: 'raw text' }, /`body` must be a Blob/],
    [{ method: 'GET', path: 'x', body: new Blob(['x']) }, /a GET request cannot have a body \(`body`\)/],
    [{ method: 'POST', path: 'x', json: {}, upload: true }, /an upload needs a multipart form/],
    [
      { method: 'POST', path: 'x', onUploadProgress: 'log' },
      /`onUploadProgress` must be a function; got a string/,
    ],
  ])('refuses %o', (call, message) => {
    expect(thrown(() => checkCall(call, 'Test')).message).toMatch(message);
  });

  it('names the kind of a wrong value, never the value', () => {
    const error = thrown(() => checkCall({ method: 'GET', path: 'x', query: { token: { key } } }, 'Test'));
    expect(error.message).toBe(
      'Test: query parameter "token" is an object; query values must be strings, finite numbers or booleans, ' +
        'or lists of them (sent as repeated keys); undefined leaves one out.',
    );
  });

  it('takes a list of scalars (sent as repeated keys), but not a list holding an object', () => {
    expect(checkCall({ method: 'GET', path: 'x', query: { status: ['ready', 'failed'] } }, 'Test')).toBe(
      'GET',
    );
    expect(
      thrown(() => checkCall({ method: 'GET', path: 'x', query: { status: ['ready', { key }] } }, 'Test'))
        .message,
    ).toMatch(/query parameter "status" is an array/);
  });
});

describe('checkHeaders', () => {
  it('accepts a plain object, pairs and a Headers, as fetch does', () => {
    const expected = [
      ['accept', 'application/json'],
      ['x-retries', '3'],
    ];
    const fromObject = checkHeaders({ Accept: 'application/json', 'X-Retries': 3 }, 'Test', '`headers`');
    const fromPairs = checkHeaders(
      [
        ['accept', 'application/json'],
        ['x-retries', '3'],
      ],
      'Test',
      '`headers`',
    );
    const fromHeaders = checkHeaders(new Headers(expected as [string, string][]), 'Test', '`headers`');
    for (const headers of [fromObject, fromPairs, fromHeaders]) expect([...headers]).toEqual(expected);
    expect([...checkHeaders(undefined, 'Test', '`headers`')]).toEqual([]);
  });

  it('trims surrounding whitespace from values, as fetch does', () => {
    expect(checkHeaders({ 'x-trace': `  ${key}\r\n` }, 'Test', '`headers`').get('x-trace')).toBe(key);
  });

  it.each([
    [{ '': 'v' }, /has a header name that is /],
    [{ ünicode: 'v' }, /invalid header name: it starts with the character U\+00FC/],
    [{ 'x\tb': 'v' }, /"x" is followed by a tab/],
    [{ 'x-a\rb': 'v' }, /"x-a" is followed by a carriage return \(CR\)/],
    [{ 'x\0': 'v' }, /"x" is followed by a NUL character/],
    [{ x: `${key}\rmore` }, /gives header "x" a value with a line break \(CR or LF\)/],
    [{ x: `${key}\nmore` }, /a value with a line break/],
    [{ x: `a\0${key}` }, /a value with a NUL character/],
    [{ x: `${key}😀` }, /a value with a character above U\+00FF/],
    [{ x: undefined }, /gives header "x" undefined; header values are strings/],
    [{ x: null }, /gives header "x" null/],
    [{ x: [key] }, /gives header "x" an array/],
    [[['x', key], 'xy'], /one entry is not a pair/],
    [() => key, /got a function/],
    [null, /got null/],
  ])('refuses %o, naming the header and never the value', (init, message) => {
    const error = thrown(() => checkHeaders(init, 'Test', '`headers`'));
    expect(error.message).toMatch(/^Test: `headers` /);
    expect(error.message).toMatch(message);
  });
});

describe('serializeJson', () => {
  it('returns what JSON.stringify returns for a body it can serialise', () => {
    const body = { key, when: new Date(0), list: [1, 'two', null], nested: { ok: true } };
    expect(serializeJson(body, 'Test')).toBe(JSON.stringify(body));
  });

  it.each([
    [
      { key, count: 1n },
      'Test: the JSON body cannot be serialised: `count` is a BigInt. Send it as a string or number.',
    ],
    [{ key, a: { 'odd name': [0, { b: 2n }] } }, /`a\["odd name"\]\[1\].b` is a BigInt/],
    [{ key, n: { toJSON: () => 3n } }, /`n` is a BigInt/],
    [10n, /the body itself is a BigInt/],
  ])('names where a BigInt is, not its value: %o', (body, message) => {
    const error = thrown(() => serializeJson(body, 'Test'));
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\b[0-9]n\b|\b3\b/);
  });

  it('names where a circular structure closes', () => {
    const shared: Record<string, unknown> = { key };
    const body = { key, list: [shared, shared], inner: { up: {} as unknown } };
    (body.inner as { up: unknown }).up = body;
    // The same object twice is not a cycle; only a reference back to an ancestor is.
    expect(thrown(() => serializeJson(body, 'Test')).message).toBe(
      'Test: the JSON body cannot be serialised: `inner.up` refers back to an object that contains it (a circular ' +
        'structure).',
    );
  });

  it('keeps what a throwing getter threw as the cause', () => {
    const body = {
      key,
      get broken(): string {
        throw new RangeError('bad getter');
      },
    };
    const error = thrown(() => serializeJson(body, 'Test'));
    expect(error.message).toMatch(/JSON.stringify threw RangeError \(a toJSON method or getter/);
    expect((error.cause as Error).message).toBe('bad getter');
  });

  it('refuses a body JSON cannot represent at all', () => {
    expect(thrown(() => serializeJson(() => key, 'Test')).message).toMatch(/the body is a function/);
  });
});
