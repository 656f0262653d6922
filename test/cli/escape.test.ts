import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeControlCharacters, escapeJsonControlCharacters } from '../../src/cli/escape.js';
import { runCli } from '../helpers/cli.js';
import { sendJson, startServer, type TestServer } from '../helpers/server.js';

// What a hostile provider puts in the text `keygate check` prints: clear the screen, an OSC 8
// hyperlink, a carriage return that overwrites the line, BEL, a C1 CSI, a bidi override, a line
// separator.
const clear = '\u001b[2J\u001b[H';
const link = '\u001b]8;;https://evil.example\u0007click here\u001b]8;;\u0007';
const hostileMessage = `Key refused${clear}${link}\rall good\u0007\u009b31m\u202etxt.exe\u2028`;
const hostileCurrency = `USD${clear}\u009b2J\u2028\u202e\u2066€`;

/** Any character a terminal would act on (drop the newlines that end lines before testing). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const control = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const lines = (text: string) => text.replace(/\n/g, '');
/** keygate's own colours (src/cli/style.ts). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts each colour.
const ownColours = /\u001b\[(?:1|2|22|31|32|33|36|39)m/g;

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_request, response, received) => {
    if (received.url.startsWith('/v1.3/indexes')) {
      return sendJson(response, 401, { code: 'api_key_invalid', message: hostileMessage });
    }
    if (received.url === '/api/wallet_balance') {
      return sendJson(response, 200, { status: 'success', data: { balance: 5, currency: hostileCurrency } });
    }
    sendJson(response, 404, {});
  });
});
afterAll(async () => {
  await server.close();
});

const keys = { TWELVE_LABS_API_KEY: 'tl-test-key', MODELSLAB_API_KEY: 'ml-test-key' };

describe('keygate check against a server that sends terminal control sequences', () => {
  it('prints them escaped, as visible text', async () => {
    const { stdout } = await runCli(['check', '--base-url', server.origin], keys);
    expect(lines(stdout)).not.toMatch(control);
    const [twelveLabs, modelsLab] = stdout.trim().split('\n');
    expect(twelveLabs).toMatch(/^TwelveLabs\s+invalid or expired\s/);
    expect(twelveLabs).toContain('Key refused\\x1b[2J\\x1b[H\\x1b]8;;https://evil.example\\x07click here');
    expect(modelsLab).toMatch(/^ModelsLab\s+valid\s/);
    expect(modelsLab).toContain('Wallet balance 5 USD\\x1b[2J\\x1b[H\\x9b2J\\u2028\\u202e\\u2066€.');
  });

  it('still uses its own colours when asked to, and only those', async () => {
    const { stdout } = await runCli(['check', '--base-url', server.origin], { ...keys, FORCE_COLOR: '1' });
    expect(stdout).toContain('\u001b[32m'); // green "valid"
    expect(stdout).toContain('\u001b[2m'); // dim detail
    expect(lines(stdout.replace(ownColours, ''))).not.toMatch(control);
  });

  it('--json escapes C1, bidi and separator characters too, and parses back to the same text', async () => {
    const { stdout } = await runCli(['check', '--json', '--base-url', server.origin], keys);
    expect(lines(stdout)).not.toMatch(control);
    const [, modelsLab] = JSON.parse(stdout) as Array<{ detail: string }>;
    expect(modelsLab?.detail).toBe(`Wallet balance 5 ${hostileCurrency}.`);
  });

  it('escapes control characters in a usage error that quotes the arguments', async () => {
    const { code, stderr } = await runCli([`${clear}frobnicate`]);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "\\x1b[2J\\x1b[Hfrobnicate"');
    expect(lines(stderr)).not.toMatch(control);
  });
});

describe('escapeControlCharacters', () => {
  it.each([
    ['\u001b[31mred', '\\x1b[31mred'],
    ['line\roverwritten', 'line\\x0doverwritten'],
    ['two\nlines\ttab', 'two\\x0alines\\x09tab'],
    ['bell\u0007 del\u007f', 'bell\\x07 del\\x7f'],
    ['csi\u009b2J', 'csi\\x9b2J'],
    ['exe.\u202etxt', 'exe.\\u202etxt'],
    ['isolate\u2066x\u2069', 'isolate\\u2066x\\u2069'],
    ['café 😀 ok', 'café 😀 ok'],
  ])('shows %j as %j', (input, shown) => {
    expect(escapeControlCharacters(input)).toBe(shown);
  });

  it('escapes in JSON only what JSON.stringify leaves raw, keeping the layout', () => {
    const json = JSON.stringify({ a: 'x\u001b\u009b\u202e\u2028' }, null, 2);
    const safe = escapeJsonControlCharacters(json);
    expect(safe).toBe('{\n  "a": "x\\u001b\\u009b\\u202e\\u2028"\n}');
    expect(JSON.parse(safe)).toEqual(JSON.parse(json));
  });
});
