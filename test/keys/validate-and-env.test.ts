import { afterEach, describe, expect, it } from 'vitest';
import { ConfigurationError, fromEnv, type KeyRequest, resolveKey, validateKey } from '../../src/index.js';
import { withKeyInfo } from '../../src/keys/with-key-info.js';

describe('fromEnv', () => {
  afterEach(() => {
    delete process.env.KEYGATE_TEST_KEY;
  });

  it('reads the variable when the key is needed, not when the source is made', async () => {
    const source = fromEnv('KEYGATE_TEST_KEY');
    process.env.KEYGATE_TEST_KEY = 'tl-test-key-1';
    await expect(resolveKey(source, 'header')).resolves.toBe('tl-test-key-1');
    process.env.KEYGATE_TEST_KEY = 'tl-test-key-2';
    await expect(resolveKey(source, 'header')).resolves.toBe('tl-test-key-2');
  });

  it('names both the option and the variable when the variable is missing', async () => {
    const source = fromEnv('KEYGATE_TEST_KEY', { option: 'apiKey' });
    const error = await resolveKey(source, 'header').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('pass `apiKey` or set KEYGATE_TEST_KEY');
  });

  it('treats an empty variable as missing', async () => {
    process.env.KEYGATE_TEST_KEY = '';
    await expect(resolveKey(fromEnv('KEYGATE_TEST_KEY'), 'body')).rejects.toThrow(
      /KEYGATE_TEST_KEY is not set/,
    );
  });

  it('refuses a name that is not an environment variable name', () => {
    expect(() => fromEnv('not a name')).toThrow(ConfigurationError);
  });
});

describe('validateKey', () => {
  const secret = 'tl-test-key';

  it.each([
    ['empty', ''],
    ['whitespace only', '   '],
    ['a trailing newline', `${secret}\n`],
    ['a carriage return inside', `tl-test\r\nx-evil: 1`],
    ['a NUL', `${secret}\u0000`],
    ['a tab', `tl\ttest`],
    ['DEL', `${secret}\u007f`],
    ['padding spaces', ` ${secret} `],
    ['a lone surrogate', `${secret}\ud800`],
  ])('refuses a key with %s in every placement, without quoting it', (_label, key) => {
    for (const placement of ['header', 'body', 'query'] as const) {
      let caught: unknown;
      try {
        validateKey(key, placement);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ConfigurationError);
      const message = (caught as Error).message;
      if (key.trim() !== '') expect(message).not.toContain(key.trim());
    }
  });

  it('refuses non-ASCII in a header but sends it byte-exact in a body or query', () => {
    const key = 'clé-ünïcode-🔑';
    expect(() => validateKey(key, 'header')).toThrow(/non-ASCII/);
    expect(validateKey(key, 'body')).toBe(key);
    expect(validateKey(key, 'query')).toBe(key);
  });

  it('refuses a non-string key and says what it got', () => {
    expect(() => validateKey(42, 'header')).toThrow(/returned number/);
    expect(() => validateKey(undefined, 'body')).toThrow(/returned undefined/);
  });

  it('accepts ordinary keys unchanged', () => {
    expect(validateKey('sk_live-AbC.123~x/y+z=', 'header')).toBe('sk_live-AbC.123~x/y+z=');
  });
});

describe('resolveKey', () => {
  it('calls a function source and awaits it', async () => {
    await expect(resolveKey(async () => 'ml-test-key', 'body')).resolves.toBe('ml-test-key');
  });

  it('turns a failing source into a ConfigurationError that keeps the reason', async () => {
    const error = await resolveKey(() => {
      throw new Error('vault unreachable');
    }, 'header').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain('vault unreachable');
  });
});

describe('withKeyInfo', () => {
  const issuedAt = new Date('2026-01-15T00:00:00Z');
  const ask: KeyRequest = { refresh: false };

  it('gives a plain key an origin and an issue date, for logs and expiry warnings', async () => {
    const key = withKeyInfo('tl-test-key', { origin: 'vault kv/twelvelabs', issuedAt, maxAgeDays: 90 });
    expect(await key.issueKey(ask)).toEqual({
      key: 'tl-test-key',
      origin: 'vault kv/twelvelabs',
      issuedAt,
      maxAgeDays: 90,
    });
  });

  it('passes each request, refresh included, to a key function', async () => {
    const asked: boolean[] = [];
    const key = withKeyInfo(
      ({ refresh }) => {
        asked.push(refresh);
        return `tl-test-key-${asked.length}`;
      },
      {
        issuedAt,
      },
    );
    await expect(key.issueKey(ask)).resolves.toEqual({ key: 'tl-test-key-1', issuedAt });
    await expect(key.issueKey({ refresh: true })).resolves.toEqual({ key: 'tl-test-key-2', issuedAt });
    expect(asked).toEqual([false, true]);
  });

  it("keeps an issuer's report and members, and its facts unless replaced", async () => {
    const reported: unknown[] = [];
    const member = 'tl-test-key';
    const key = withKeyInfo(
      {
        issueKey: () => ({
          key: member,
          origin: 'pool',
          maxAgeDays: 30,
          report: (o) => reported.push(o) > 0,
        }),
        members: [member],
      },
      { origin: 'pool of one', issuedAt },
    );
    const issued = await key.issueKey(ask);
    expect(issued).toMatchObject({ key: member, origin: 'pool of one', maxAgeDays: 30, issuedAt });
    const outcome = { status: 401, error: undefined, retryAfterMs: undefined, refreshRequested: true };
    expect(issued.report?.(outcome)).toBe(true);
    expect(reported).toEqual([outcome]);
    expect(key.members).toEqual([member]);
  });

  it('refuses facts that cannot be right', () => {
    expect(() => withKeyInfo('tl-test-key', { issuedAt: new Date(Number.NaN) })).toThrow(ConfigurationError);
    expect(() => withKeyInfo('tl-test-key', { maxAgeDays: -90 })).toThrow(/maxAgeDays/);
    expect(() => withKeyInfo('tl-test-key', { origin: ' ' })).toThrow(/origin/);
  });
});
