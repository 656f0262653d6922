import { afterEach, describe, expect, it } from 'vitest';
import { TwelveLabsClient } from '../../providers/twelvelabs/index.js';
import {
  createTransport,
  HeaderKeyStrategy,
  type KeyExpiryView,
  type KeyIssuer,
  keyAge,
} from '../../src/index.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

const dayMs = 86_400_000;

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function issuedDaysAgo(days: number, maxAgeDays?: number): KeyIssuer {
  const issuedAt = new Date(Date.now() - days * dayMs - 60_000);
  return { issueKey: () => ({ key: 'tl-test-key', origin: 'vault tl/prod', issuedAt, maxAgeDays }) };
}

function recordingLogger() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    lines.push({ level, fields, message });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

async function okServer() {
  server = await startServer((_request, response) =>
    sendJson(response, 200, {
      data: [],
      page_info: { page: 1, total_page: 1, limit_per_page: 10, total_results: 0 },
    }),
  );
  return server;
}

describe('keyAge', () => {
  it('counts whole days of age and days left, negative once expired', () => {
    const issuedAt = new Date('2026-01-01T00:00:00Z');
    expect(keyAge({ issuedAt }, 90, new Date('2026-03-02T00:00:00Z'))).toEqual({
      ageDays: 60,
      expiresAt: new Date('2026-04-01T00:00:00Z'),
      daysLeft: 30,
    });
    expect(keyAge({ issuedAt, maxAgeDays: 30 }, 90, new Date('2026-02-05T00:00:00Z'))?.daysLeft).toBe(-5);
    expect(keyAge({ issuedAt }, undefined, new Date('2026-01-11T00:00:00Z'))).toEqual({
      ageDays: 10,
      expiresAt: undefined,
      daysLeft: undefined,
    });
    expect(keyAge({}, 90)).toBeUndefined();
    expect(keyAge({ issuedAt: new Date('not a date') }, 90)).toBeUndefined();
  });
});

describe('expiry warnings', () => {
  it('warns once a day per key, in the log and the hook, with the fingerprint and never the key', async () => {
    const running = await okServer();
    const { lines, logger } = recordingLogger();
    const views: KeyExpiryView[] = [];
    const transport = createTransport({
      provider: 'TwelveLabs',
      baseUrl: running.origin,
      strategy: new HeaderKeyStrategy({ key: issuedDaysAgo(80, 90) }),
      logger,
      hooks: { onKeyExpiring: (view) => views.push(view) },
    });
    await transport.request({ method: 'GET', path: 'indexes' });
    await transport.request({ method: 'GET', path: 'indexes' });
    const warnings = lines.filter((line) => line.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(
      /^keygate: twelvelabs key twelvelabs:e19bf5ba \(vault tl\/prod\) expires in 9 day\(s\), on \d{4}-\d\d-\d\d: rotate it$/,
    );
    expect(warnings[0]?.fields).toMatchObject({
      keyFingerprint: 'twelvelabs:e19bf5ba',
      daysLeft: 9,
      ageDays: 80,
    });
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      provider: 'twelvelabs',
      fingerprint: 'twelvelabs:e19bf5ba',
      daysLeft: 9,
    });
    expect(Object.isFrozen(views[0])).toBe(true);
    expect(JSON.stringify({ lines, views })).not.toContain('tl-test-key');
  });

  it('says when a key has expired, and stays quiet for a key with time left or no issue date', async () => {
    const running = await okServer();
    const cases: [KeyIssuer, number][] = [
      [issuedDaysAgo(95, 90), 1],
      [issuedDaysAgo(10, 90), 0],
      [{ issueKey: () => ({ key: 'tl-test-key' }) }, 0],
    ];
    for (const [key, expected] of cases) {
      const views: KeyExpiryView[] = [];
      const transport = createTransport({
        provider: 'TwelveLabs',
        baseUrl: running.origin,
        strategy: new HeaderKeyStrategy({ key }),
        hooks: { onKeyExpiring: (view) => views.push(view) },
      });
      await transport.request({ method: 'GET', path: 'indexes' });
      expect(views).toHaveLength(expected);
      if (expected === 1) expect(views[0]?.daysLeft).toBe(-6);
    }
  });

  it('the TwelveLabs client applies its 90-day lifetime to a key that knows only its issue date', async () => {
    const running = await okServer();
    const views: KeyExpiryView[] = [];
    const client = new TwelveLabsClient({
      apiKey: issuedDaysAgo(85),
      baseUrl: running.origin,
      hooks: { onKeyExpiring: (view) => views.push(view) },
      keyExpiryWarningDays: 7,
    });
    await client.indexes.list();
    expect(views.map((view) => view.daysLeft)).toEqual([4]);
  });

  it('refuses a keyExpiryWarningDays that is not a whole number of days', () => {
    expect(() =>
      createTransport({
        provider: 'TwelveLabs',
        baseUrl: 'http://127.0.0.1:9',
        strategy: new HeaderKeyStrategy({ key: 'tl-test-key' }),
        hooks: {},
        keyExpiryWarningDays: -1,
      }),
    ).toThrow(/keyExpiryWarningDays/);
  });
});
