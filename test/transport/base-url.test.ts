import { describe, expect, it } from 'vitest';
import { ConfigurationError, createTransport, HeaderKeyStrategy } from '../../src/index.js';
import { resolvePath } from '../../src/transport/base-url.js';

const strategy = new HeaderKeyStrategy({ key: 'tl-test-key' });
const make = (baseUrl: string) => createTransport({ provider: 'Test', baseUrl, strategy });

describe('base URL rules', () => {
  it.each([
    'https://api.twelvelabs.io/v1.3',
    'http://127.0.0.1:8080',
    'http://127.5.6.7',
    'http://localhost:3000/api',
    'http://[::1]:9000',
  ])('accepts %s', (baseUrl) => {
    expect(make(baseUrl).baseUrl.href.endsWith('/')).toBe(true);
  });

  it.each([
    ['plain http to a remote host', 'http://api.twelvelabs.io/v1.3', /must use https/],
    ['http to a private address', 'http://10.0.0.5', /must use https/],
    ['a host that only starts like loopback', 'http://127.0.0.1.example.com', /must use https/],
    ['another scheme', 'ftp://example.com', /must use https/],
    ['credentials in the URL', 'https://user:pass@api.example.com', /user name or password/],
    ['a query string', 'https://api.example.com/?key=x', /query string/],
    ['a relative URL', '/v1', /not a valid absolute URL/],
  ])('refuses %s', (_label, baseUrl, message) => {
    expect(() => make(baseUrl)).toThrow(ConfigurationError);
    expect(() => make(baseUrl)).toThrow(message);
  });

  it('refuses bad numeric options', () => {
    expect(() => createTransport({ provider: 'T', baseUrl: 'https://a.test', strategy, timeout: 0 })).toThrow(
      /timeout/,
    );
    expect(() =>
      createTransport({ provider: 'T', baseUrl: 'https://a.test', strategy, maxRetries: -1 }),
    ).toThrow(/maxRetries/);
    expect(() => createTransport({ provider: '', baseUrl: 'https://a.test', strategy })).toThrow(/provider/);
  });
});

describe('request paths', () => {
  const base = new URL('https://api.example.test/v1/');

  it('resolves relative paths under the base path', () => {
    expect(resolvePath(base, 'indexes/abc', 'T').href).toBe('https://api.example.test/v1/indexes/abc');
    expect(resolvePath(base, '/indexes', 'T').href).toBe('https://api.example.test/v1/indexes');
  });

  it.each([
    'https://evil.test/steal',
    '//evil.test/steal',
    '\\\\evil.test/steal',
    'javascript:alert(1)',
    'a\nb',
  ])('refuses %j so the key stays on the configured origin', (path) => {
    expect(() => resolvePath(base, path, 'T')).toThrow(ConfigurationError);
  });

  it('refuses an absolute path through request() before anything is sent', async () => {
    let calls = 0;
    const transport = createTransport({
      provider: 'T',
      baseUrl: 'https://api.example.test',
      strategy,
      fetch: async () => {
        calls++;
        return new Response('{}');
      },
    });
    await expect(transport.request({ method: 'GET', path: 'https://evil.test/x' })).rejects.toThrow(
      ConfigurationError,
    );
    expect(calls).toBe(0);
  });
});
