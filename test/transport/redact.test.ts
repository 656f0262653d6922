import { describe, expect, it } from 'vitest';
import {
  EXCERPT_MAX_DEPTH,
  EXCERPT_MAX_ENTRIES,
  EXCERPT_MAX_NODES,
  EXCERPT_MAX_STRING_CHARS,
  EXCERPT_MAX_TEXT_CHARS,
  redactedExcerpt,
} from '../../src/transport/excerpt.js';
import { REDACTED, redactText, redactValue } from '../../src/transport/redact.js';

const key = 'tl-test-key';
const secrets = new Set([key]);

/** `{ d: { d: ... leaf } }`, `levels` objects deep, built without recursion. */
function nested(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let level = 0; level < levels; level++) value = { d: value };
  return value;
}

/** Every string (keys included) and every node in a value, walked without recursion; cycles once. */
function walk(value: unknown): { text: string; nodes: number; depth: number } {
  const strings: string[] = [];
  const seen = new Set<object>();
  const stack: Array<[unknown, number]> = [[value, 0]];
  let nodes = 0;
  let depth = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, level] = next;
    depth = Math.max(depth, level);
    if (typeof item === 'string') strings.push(item);
    if (typeof item !== 'object' || item === null || seen.has(item)) continue;
    seen.add(item);
    for (const [name, child] of Object.entries(item)) {
      nodes += 1;
      strings.push(name);
      stack.push([child, level + 1]);
    }
  }
  return { text: strings.join('\n'), nodes, depth };
}

/** Every prefix of `secret` that is 4 characters or longer. */
const prefixes = (secret: string) =>
  Array.from({ length: secret.length - 3 }, (_, index) => secret.slice(0, index + 4));

describe('redactText', () => {
  it('scrubs a secret that contains another whole, whichever was concealed first', () => {
    const rotated = `${key}-rotated`;
    const text = `old ${key}, new ${rotated}`;
    expect(redactText(text, new Set([key, rotated]))).toBe(`old ${REDACTED}, new ${REDACTED}`);
    expect(redactText(text, new Set([rotated, key]))).toBe(`old ${REDACTED}, new ${REDACTED}`);
  });

  it('leaves no fragment of two secrets that overlap in the text', () => {
    const text = 'echo: tl-test-key-AAAA-BBBB-ml-test-key.';
    const overlapping = new Set(['tl-test-key-AAAA-BBBB', 'AAAA-BBBB-ml-test-key']);
    expect(redactText(text, overlapping)).toBe(`echo: ${REDACTED}.`);
  });

  it('scrubs a percent-encoding whose hex digits a server lower-cased', () => {
    const secret = 'tl-test-key/+=';
    const echoed = `?key=${encodeURIComponent(secret).toLowerCase()}`;
    expect(echoed).toBe('?key=tl-test-key%2f%2b%3d');
    expect(redactText(echoed, new Set([secret]))).toBe(`?key=${REDACTED}`);
  });

  it('does not throw on a secret with a lone surrogate, and still scrubs it', () => {
    const secret = `${key}\ud800`;
    expect(redactText(`got ${secret}!`, new Set([secret]))).toBe(`got ${REDACTED}!`);
  });
});

describe('redactValue', () => {
  it.each([100, 10_000])('scrubs a key %i levels deep', (levels) => {
    const copy = redactValue(nested(levels, `the key is ${key}`), secrets);
    const { text, depth } = walk(copy);
    expect(depth).toBe(levels);
    expect(text).toContain(`the key is ${REDACTED}`);
    expect(text).not.toContain(key);
  });

  it('copies a cyclic body, cycle included, without looping or leaving the key', () => {
    const body: Record<string, unknown> = { message: key, [key]: 1 };
    body.self = body;
    const copy = redactValue(body, secrets) as Record<string, unknown>;
    expect(copy.self).toBe(copy);
    expect(walk(copy).text).not.toContain(key);
  });

  it('does not run a getter in a body (one that throws included)', () => {
    const body = { ok: key };
    Object.defineProperty(body, 'boom', {
      enumerable: true,
      get() {
        throw new Error(key);
      },
    });
    expect(redactValue(body, secrets)).toEqual({ ok: REDACTED, boom: '[GETTER]' });
  });
});

describe('redactedExcerpt', () => {
  it('returns a small JSON error body whole, scrubbed, keys included', () => {
    const body = { error: { code: 'api_key_invalid', message: `Key ${key} is invalid`, [key]: [1, 2] } };
    expect(redactedExcerpt(body, secrets)).toEqual({
      error: { code: 'api_key_invalid', message: `Key ${REDACTED} is invalid`, [REDACTED]: [1, 2] },
    });
  });

  // Three spellings of a key that needs escaping: as is, percent-encoded, JSON-escaped.
  const tricky = 'tl-test-key/"+';
  const spellings = [tricky, encodeURIComponent(tricky), JSON.stringify(tricky).slice(1, -1)];

  describe.each([
    ['a text body', EXCERPT_MAX_TEXT_CHARS, (text: string) => text, (out: unknown) => out as string],
    [
      'a string in a JSON body',
      EXCERPT_MAX_STRING_CHARS,
      (text: string) => ({ detail: text }),
      (out: unknown) => (out as { detail: string }).detail,
    ],
    [
      'an object key in a JSON body',
      EXCERPT_MAX_STRING_CHARS,
      (text: string) => ({ [text]: true }),
      (out: unknown) => Object.keys(out as object)[0] as string,
    ],
  ])('%s cut at %i characters', (_label, limit, wrap, unwrap) => {
    it.each(spellings)('leaves no prefix of %s when it straddles the cut', (spelling) => {
      for (let before = 1; before < spelling.length; before++) {
        const start = limit - before; // the cut falls inside the spelling
        const text = `${'x'.repeat(start)}${spelling}${'y'.repeat(20 * 1024)}`;
        const out = unwrap(redactedExcerpt(wrap(text), new Set([tricky])));
        for (const prefix of prefixes(spelling)) expect(out).not.toContain(prefix);
        expect(out).toMatch(/…\[truncated \d+ chars\]$/);
        expect(out.length).toBeLessThanOrEqual(limit + '…[truncated 99999 chars]'.length);
      }
    });
  });

  it('scrubs a 10 MiB text body before cutting it to 8 KiB', () => {
    const text = `${'x'.repeat(8_190)}${key}${'y'.repeat(10 * 1024 * 1024)}`;
    const out = redactedExcerpt(text, secrets) as string;
    expect(out).toBe(`${'x'.repeat(8_190)}…[truncated ${REDACTED.length + 10 * 1024 * 1024} chars]`);
  });

  it('never splits a surrogate pair at the cut', () => {
    const out = redactedExcerpt(`${'x'.repeat(EXCERPT_MAX_TEXT_CHARS - 1)}😀😀😀`, secrets) as string;
    expect(out.isWellFormed()).toBe(true);
    expect(out.startsWith(`${'x'.repeat(EXCERPT_MAX_TEXT_CHARS - 1)}…`)).toBe(true);
  });

  it.each([100, 10_000])('marks a body %i levels deep as [TOO DEEP] past the depth bound', (levels) => {
    const out = redactedExcerpt(nested(levels, key), secrets);
    const { text, depth } = walk(out);
    expect(text).not.toContain(key);
    expect(text).toContain('[TOO DEEP]');
    expect(depth).toBe(EXCERPT_MAX_DEPTH + 1);
  });

  it('keeps at most the node budget, breadth first, and says how much it left out', () => {
    const body = {
      first: 'kept',
      items: Array.from({ length: 100_000 }, (_, index) => ({ index, key })),
      map: Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`k${index}`, index])),
      last: 'kept too',
    };
    const out = redactedExcerpt(body, secrets) as { first: string; last: string; items: unknown[] };
    expect(out.first).toBe('kept');
    expect(out.last).toBe('kept too');
    expect(out.items).toHaveLength(EXCERPT_MAX_ENTRIES + 1);
    expect(out.items[0]).toEqual({ index: 0, key: REDACTED });
    expect(out.items.at(-1)).toBe(`[${100_000 - EXCERPT_MAX_ENTRIES} more items]`);
    expect(out).toHaveProperty(['map', '…'], `[${10_000 - EXCERPT_MAX_ENTRIES} more entries]`);
    expect(JSON.stringify(out).length).toBeLessThan(16 * 1024);
    expect(JSON.stringify(out)).not.toContain(key);
  });

  it('stops at the node budget in total, and marks each container it could not open', () => {
    const grid = Array.from({ length: 1_000 }, () => Array.from({ length: 1_000 }, () => 7));
    const out = redactedExcerpt(grid, secrets) as unknown[];
    const opened = out.filter((row) => Array.isArray(row)) as unknown[][];
    const entries = EXCERPT_MAX_ENTRIES + opened.reduce((sum, row) => sum + row.length - 1, 0);
    expect(entries).toBe(EXCERPT_MAX_NODES);
    expect(out[opened.length]).toBe('[array of 1000 items]');
    expect(out.at(-1)).toBe(`[${1_000 - EXCERPT_MAX_ENTRIES} more items]`);
  });

  it('marks a cycle, and the excerpt of a cyclic body can be stringified', () => {
    const body: Record<string, unknown> = { message: key };
    body.self = body;
    const out = redactedExcerpt(body, secrets);
    expect(out).toEqual({ message: REDACTED, self: '[CIRCULAR]' });
    expect(JSON.stringify(out)).toBe('{"message":"[REDACTED]","self":"[CIRCULAR]"}');
  });

  it('is JSON-safe whatever custom code built: BigInt, getter, function, revoked proxy, __proto__', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const parsed = JSON.parse(`{"__proto__": {"key": "${key}"}}`);
    const body: Record<string, unknown> = { big: 10n ** 30n, fn: () => key, proxy, parsed };
    Object.defineProperty(body, 'getter', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const out = redactedExcerpt(body, secrets) as Record<string, unknown>;
    expect(() => JSON.stringify(out)).not.toThrow();
    expect(out).toMatchObject({
      big: '1000000000000000000000000000000',
      fn: '[function]',
      proxy: '[UNREADABLE]',
      getter: '[GETTER]',
    });
    expect(Object.hasOwn(out.parsed as object, '__proto__')).toBe(true);
    expect(JSON.stringify(out)).toContain('"__proto__":{"key":"[REDACTED]"}');
  });
});
