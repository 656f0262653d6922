import { afterEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  createTransport,
  HeaderKeyStrategy,
  keyFingerprint,
} from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('keyFingerprint', () => {
  it('is the provider and 8 hex characters of the SHA-256, the same for the same key', () => {
    expect(keyFingerprint('tl-test-key', 'twelvelabs')).toBe('twelvelabs:e19bf5ba');
    expect(keyFingerprint('tl-test-key')).toBe('key:e19bf5ba');
    expect(keyFingerprint('tl-test-key-2', 'twelvelabs')).not.toBe('twelvelabs:e19bf5ba');
    // A prefix that is not a plain provider word is not echoed.
    expect(keyFingerprint('tl-test-key', 'Evil\nProvider')).toBe('key:e19bf5ba');
  });

  it('cannot be turned back into the key by its length or its characters', () => {
    // Keys of letters outside a–f, so any character they shared with the hex digest would show.
    const letters = 'ghijklmnopqrstuvwxyzGHIJKLMNOPQRSTUVWXYZ-_';
    const lengths = new Set<number>();
    for (let length = 1; length <= 300; length += 7) {
      const key = Array.from({ length }, (_, at) => letters[(at * 7 + length) % letters.length]).join('');
      const fingerprint = keyFingerprint(key, 'twelvelabs');
      lengths.add(fingerprint.length);
      const digest = fingerprint.slice('twelvelabs:'.length);
      expect(digest).toMatch(/^[0-9a-f]{8}$/);
      for (const character of digest) expect(key).not.toContain(character);
    }
    expect([...lengths]).toEqual(['twelvelabs:'.length + 8]);
  });
});

describe('error.keyFingerprint', () => {
  it('names the key an API error was answered to, in the error and its JSON, never the key', async () => {
    server = await startServer((_request, response) =>
      sendJson(response, 401, { code: 'api_key_invalid', message: 'API Key is either invalid or expired.' }),
    );
    const transport = createTransport({
      provider: 'TwelveLabs',
      baseUrl: server.origin,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
    });
    const error = await transport
      .request({ method: 'GET', path: 'indexes' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).keyFingerprint).toBe('twelvelabs:e19bf5ba');
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ keyFingerprint: 'twelvelabs:e19bf5ba' });
    expect(JSON.stringify(error)).not.toContain('tl-test-key');
  });

  it('names the key of a call that could not reach the provider', async () => {
    const closed = await startServer(() => undefined);
    const origin = closed.origin;
    await closed.close();
    const transport = createTransport({
      provider: 'TwelveLabs',
      baseUrl: origin,
      maxRetries: 0,
      strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
    });
    const error = await transport
      .request({ method: 'GET', path: 'indexes' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).keyFingerprint).toBe('twelvelabs:e19bf5ba');
  });

  it('is absent when no key was placed (the key source failed)', async () => {
    const transport = createTransport({
      provider: 'TwelveLabs',
      baseUrl: 'http://127.0.0.1:9',
      strategy: new HeaderKeyStrategy({ key: () => '' }),
    });
    const error = await transport
      .request({ method: 'GET', path: 'indexes' })
      .catch((caught: unknown) => caught);
    expect((error as AuthenticationError).name).toBe('ConfigurationError');
    expect((error as AuthenticationError).keyFingerprint).toBeUndefined();
  });
});
