import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { TwelveLabsWebhookEventType } from '../../../providers/twelvelabs/webhook-schemas.js';
import {
  signTwelveLabsWebhook,
  type VerifyTwelveLabsWebhookOptions,
  verifyTwelveLabsWebhook,
} from '../../../providers/twelvelabs/webhooks.js';
import { ConfigurationError } from '../../../src/errors/configuration-error.js';
import { WebhookVerificationError } from '../../../src/errors/webhook-verification-error.js';
import { everyRendering } from '../../helpers/secrets.js';

// A fake secret: never a real one in tests.
const secret = 'tl-test-webhook-secret-5f2b8c0d';
const nowSeconds = 1_700_000_000;
const clock = (seconds = nowSeconds) => ({ now: () => seconds * 1000 });

// The payloads of docs.twelvelabs.io/docs/webhooks-notification-schema (v1.3 examples).
const events = {
  'index.task.ready': {
    id: 'task_6659784b2bda9d9e1d4c7c8a',
    metadata: { duration: 30 },
    status: 'ready',
    models: [{ name: 'marengo2.7', options: ['visual', 'audio'] }],
    tags: ['demo'],
  },
  'index.task.failed': { id: 'task_6659784b2bda9d9e1d4c7c8b', status: 'failed', metadata: {} },
  'analyze.task.ready': { id: 'task_a1', status: 'ready', custom_id: 'batch-item-7' },
  'analyze.task.failed': { id: 'task_a2', status: 'failed' },
} as const;

const payload = (type: string, data: unknown = { id: 'task_1', status: 'ready' }) =>
  JSON.stringify({ id: 'whe_0123456789abcdef', created_at: '2025-05-01T12:00:00Z', type, data });

/** A body and the header TwelveLabs would send with it, signed at `t` (default: the test clock). */
const delivery = (body = payload('index.task.ready'), t = nowSeconds, key = secret) => ({
  body,
  header: signTwelveLabsWebhook(body, key, t),
});

const verify = (
  body: string | Uint8Array,
  header: string | null | undefined,
  options: VerifyTwelveLabsWebhookOptions = {},
  key: string | string[] = secret,
) => verifyTwelveLabsWebhook(body, header, key, { ...clock(), ...options });

function refusal(run: () => unknown): WebhookVerificationError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(WebhookVerificationError);
  expect((caught as WebhookVerificationError).provider).toBe('twelvelabs');
  return caught as WebhookVerificationError;
}

function configError(run: () => unknown): ConfigurationError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigurationError);
  return caught as ConfigurationError;
}

describe('verifyTwelveLabsWebhook', () => {
  it('README example: a node:http receiver answers 200 to a signed delivery, 401 to a forged one', async () => {
    const received: string[] = [];
    // The server of the @example in webhooks.ts.
    const server = http.createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of request as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        size += chunk.length;
        if (size > 1_048_576) break;
      }
      try {
        const event = verifyTwelveLabsWebhook(Buffer.concat(chunks), request.headers['tl-signature'], secret);
        if (event.type === 'index.task.ready') received.push(event.data.id);
        response.writeHead(200).end();
      } catch (error) {
        response.writeHead(error instanceof WebhookVerificationError ? error.httpStatus : 500).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const body = payload('index.task.ready', { id: 'task_9', status: 'ready' });
      const post = async (headers: Record<string, string>, sent = body) => {
        const response = await fetch(url, { method: 'POST', headers, body: sent });
        await response.body?.cancel();
        return response.status;
      };
      const header = signTwelveLabsWebhook(body, secret);
      expect(await post({ 'tl-signature': header })).toBe(200);
      expect(await post({ 'tl-signature': header }, body.replace('task_9', 'task_8'))).toBe(401);
      expect(await post({ 'tl-signature': signTwelveLabsWebhook(body, 'another-secret') })).toBe(401);
      expect(await post({})).toBe(400);
      expect(await post({ 'tl-signature': header }, 'x'.repeat(1_048_577))).toBe(413);
      expect(received).toEqual(['task_9']);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("signs the docs' example body as an independent HMAC computation does, and verifies it", () => {
    // The docs' header is `t=1659342128,v1=0f5965…` over `{"name":"test"}`, with a secret they do
    // not give: the same computation with a test secret, by hand.
    const body = '{"name":"test"}';
    const byHand = createHmac('sha256', secret).update('1659342128.{"name":"test"}').digest('hex');
    const header = signTwelveLabsWebhook(body, secret, 1659342128);
    expect(header).toBe(`t=1659342128,v1=${byHand}`);
    expect(header).toMatch(/^t=1659342128,v1=[0-9a-f]{64}$/);
    expect(signTwelveLabsWebhook(new TextEncoder().encode(body), secret, 1659342128)).toBe(header);
    // Signature and timestamp pass; `{"name":"test"}` is not an event, so the payload is refused last.
    const error = refusal(() => verify(body, header, clock(1659342128)));
    expect(error).toMatchObject({ reason: 'malformed_payload', httpStatus: 400 });
    expect(error.message).toContain('field "id"');
  });

  it.each(Object.entries(events))('accepts and types a %s event, keeping unknown fields', (type, data) => {
    const { body, header } = delivery(payload(type, data));
    const event = verify(body, header);
    expect(event).toEqual({ id: 'whe_0123456789abcdef', created_at: '2025-05-01T12:00:00Z', type, data });
    expectTypeOf(event.type).toEqualTypeOf<TwelveLabsWebhookEventType | (string & {})>();
    expectTypeOf(event.data.id).toEqualTypeOf<string>();
    expectTypeOf(event.data.status).toEqualTypeOf<string | undefined>();
    expectTypeOf(event.data.custom_id).toEqualTypeOf<string | undefined>();
    expectTypeOf(event.data.metadata).toEqualTypeOf<unknown>();
  });

  it('passes an event type it does not know through as a string', () => {
    const { body, header } = delivery(payload('embed.task.ready'));
    expect(verify(body, header).type).toBe('embed.task.ready');
  });

  it('accepts bytes, including a Buffer that is a slice of a larger one', () => {
    const { body, header } = delivery();
    const framed = Buffer.from(`xxxx${body}yyyy`);
    expect(verify(new TextEncoder().encode(body), header).data.id).toBe('task_1');
    expect(verify(framed.subarray(4, framed.length - 4), header).data.id).toBe('task_1');
  });

  it('refuses a tampered body, a wrong secret, a truncated or non-hex signature: bad_signature, 401', () => {
    const { body, header } = delivery();
    const v1 = header.split('v1=')[1] ?? '';
    const cases = [
      () => verify(body.replace('task_1', 'task_2'), header),
      () => verify(`${body} `, header),
      () => verify(body, header, {}, 'another-secret'),
      () => verify(body, `t=${nowSeconds},v1=${v1.slice(0, 63)}`),
      () => verify(body, `t=${nowSeconds},v1=${v1.slice(0, 62)}`),
      () => verify(body, `t=${nowSeconds},v1=${v1}00`),
      () => verify(body, `t=${nowSeconds},v1=${'z'.repeat(64)}`),
      () => verify(body, `t=${nowSeconds},v1=`),
      // The timestamp is signed: moving it breaks the signature.
      () => verify(body, `t=${nowSeconds + 1},v1=${v1}`),
    ];
    for (const run of cases) expect(refusal(run)).toMatchObject({ reason: 'bad_signature', httpStatus: 401 });
  });

  it('compares decoded bytes: an upper-case signature still matches', () => {
    const { body, header } = delivery();
    expect(
      verify(
        body,
        header.replace(/v1=(\w+)/, (_, hex: string) => `v1=${hex.toUpperCase()}`),
      ).id,
    ).toBe('whe_0123456789abcdef');
  });

  it('refuses a missing header with missing_signature and a garbled one with malformed_signature, 400', () => {
    const { body, header } = delivery();
    for (const missing of [undefined, null, '', '   ']) {
      expect(refusal(() => verify(body, missing))).toMatchObject({
        reason: 'missing_signature',
        httpStatus: 400,
      });
    }
    const v1 = header.split('v1=')[1] ?? '';
    for (const garbled of [
      'hello',
      v1,
      `v1=${v1}`,
      `t=${nowSeconds}`,
      `t=soon,v1=${v1}`,
      `t=-1,v1=${v1}`,
      `t=1.5,v1=${v1}`,
      `t=${nowSeconds},t=${nowSeconds + 1},v1=${v1}`,
      `${header},${'v0=x,'.repeat(200)}`,
    ]) {
      expect(refusal(() => verify(body, garbled))).toMatchObject({
        reason: 'malformed_signature',
        httpStatus: 400,
      });
    }
    // node:http's type allows a list; repeats with different timestamps are refused.
    const other = delivery(body, nowSeconds + 1).header;
    expect(refusal(() => verifyTwelveLabsWebhook(body, [header, other], secret, clock())).reason).toBe(
      'malformed_signature',
    );
    expect(verifyTwelveLabsWebhook(body, [header], secret, clock()).id).toBe('whe_0123456789abcdef');
  });

  it('reads the header leniently: spaces, unknown parts, several v1 values of which one matches', () => {
    const { body, header } = delivery();
    const v1 = header.split('v1=')[1] ?? '';
    const stale = delivery(body, nowSeconds, 'old-secret').header.split('v1=')[1] ?? '';
    for (const lenient of [
      ` t = ${nowSeconds} , v1 = ${v1} `,
      `v1=${v1},t=${nowSeconds}`,
      `t=${nowSeconds},v0=legacy,v1=${stale},v1=${v1},extra`,
      `t=${nowSeconds},v1=nothex,v1=${v1}`,
      `t=${nowSeconds},v1=${v1},t=${nowSeconds}`,
    ]) {
      expect(verify(body, lenient).data.id).toBe('task_1');
    }
  });

  it('refuses a timestamp more than the tolerance in the past or the future, and says by how much', () => {
    const old = delivery(undefined, nowSeconds - 301);
    const ahead = delivery(undefined, nowSeconds + 301);
    const pastError = refusal(() => verify(old.body, old.header));
    expect(pastError).toMatchObject({ reason: 'timestamp_out_of_tolerance', httpStatus: 401 });
    expect(pastError.message).toContain('301 s in the past');
    const futureError = refusal(() => verify(ahead.body, ahead.header));
    expect(futureError).toMatchObject({ reason: 'timestamp_out_of_tolerance', httpStatus: 401 });
    expect(futureError.message).toContain('301 s in the future');

    for (const t of [nowSeconds - 299, nowSeconds + 299, nowSeconds - 300]) {
      const ok = delivery(undefined, t);
      expect(verify(ok.body, ok.header).data.id).toBe('task_1');
    }
    expect(verify(old.body, old.header, { toleranceSeconds: 400 }).data.id).toBe('task_1');
    const ancient = delivery(undefined, 0);
    expect(verify(ancient.body, ancient.header, { toleranceSeconds: Number.POSITIVE_INFINITY }).id).toBe(
      'whe_0123456789abcdef',
    );
    const exact = delivery();
    expect(verify(exact.body, exact.header, { toleranceSeconds: 0 }).id).toBe('whe_0123456789abcdef');
    expect(refusal(() => verify(old.body, old.header, { toleranceSeconds: 0 })).reason).toBe(
      'timestamp_out_of_tolerance',
    );
  });

  it('uses Date.now by default', () => {
    const body = payload('index.task.ready');
    expect(verifyTwelveLabsWebhook(body, signTwelveLabsWebhook(body, secret), secret).data.id).toBe('task_1');
  });

  it('accepts any of several secrets while rotating, and refuses when none matches', () => {
    const old = delivery(undefined, nowSeconds, 'old-secret');
    const current = delivery(undefined, nowSeconds, 'new-secret');
    for (const { body, header } of [old, current]) {
      expect(verify(body, header, {}, ['new-secret', 'old-secret']).data.id).toBe('task_1');
    }
    expect(refusal(() => verify(old.body, old.header, {}, ['new-secret', 'newer-secret'])).reason).toBe(
      'bad_signature',
    );
  });

  it('refuses a body over maxBodyBytes with 413 before looking at the header', () => {
    const big = 'x'.repeat(1_048_577);
    expect(refusal(() => verify(big, undefined))).toMatchObject({
      reason: 'body_too_large',
      httpStatus: 413,
    });
    expect(refusal(() => verify(Buffer.from(big), 'garbage')).httpStatus).toBe(413);
    const { body, header } = delivery();
    expect(refusal(() => verify(body, header, { maxBodyBytes: body.length - 1 })).reason).toBe(
      'body_too_large',
    );
    expect(verify(body, header, { maxBodyBytes: body.length }).data.id).toBe('task_1');
    // Counted in bytes, not characters: "â" is two.
    const accented = delivery(payload('index.task.ready', { id: 'tâche' }));
    expect(
      refusal(() => verify(accented.body, accented.header, { maxBodyBytes: accented.body.length })).reason,
    ).toBe('body_too_large');
  });

  it('refuses a signed body that is not the documented JSON with malformed_payload, 400', () => {
    for (const body of [
      '{"id": "whe_1", ',
      'null',
      '[]',
      '"text"',
      JSON.stringify({ id: 'whe_1', created_at: 'now', type: 'index.task.ready' }),
      JSON.stringify({ id: 'whe_1', created_at: 'now', type: 'index.task.ready', data: { status: 'ready' } }),
      JSON.stringify({ id: 'whe_1', created_at: 'now', type: 7, data: { id: 't' } }),
    ]) {
      const { header } = delivery(body);
      expect(refusal(() => verify(body, header))).toMatchObject({
        reason: 'malformed_payload',
        httpStatus: 400,
      });
    }
    const invalidUtf8 = Uint8Array.from([0x7b, 0xff, 0x7d]);
    const header = signTwelveLabsWebhook(invalidUtf8, secret, nowSeconds);
    expect(refusal(() => verify(invalidUtf8, header)).reason).toBe('malformed_payload');
  });

  it('authenticates before it parses: an unsigned malformed body or a stale forged one is bad_signature', () => {
    const forged = `t=${nowSeconds},v1=${'0'.repeat(64)}`;
    expect(refusal(() => verify('{not json', forged)).reason).toBe('bad_signature');
    expect(refusal(() => verify(payload('index.task.ready'), `t=1,v1=${'0'.repeat(64)}`)).reason).toBe(
      'bad_signature',
    );
  });

  it('never shows the secret, a signature or the body in any rendering of an error', () => {
    const body = payload('index.task.ready', { id: 'task_private_marker' });
    const { header } = delivery(body);
    const v1 = header.split('v1=')[1] ?? '';
    const errors = [
      refusal(() => verify(body.replace('task_private', 'task_public'), header)),
      refusal(() => verify(body, header, {}, 'wrong-secret-value')),
      refusal(() => verify(body, header, clock(nowSeconds + 1000))),
      refusal(() => verify(body, `t=x,v1=${v1}`)),
      refusal(() => verify(body, `${header},${'v1=a,'.repeat(300)}`)),
      refusal(() => verify(body, header, { maxBodyBytes: 10 })),
      refusal(() => verify('{"private_marker":', delivery('{"private_marker":').header)),
      refusal(() => verify('{"id":"private_marker"}', delivery('{"id":"private_marker"}').header)),
    ];
    for (const error of errors) {
      const shown = everyRendering(error);
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain('wrong-secret-value');
      expect(shown).not.toContain(v1);
      expect(shown).not.toContain(v1.slice(0, 16));
      expect(shown).not.toContain(
        createHmac('sha256', 'wrong-secret-value').update(`${nowSeconds}.${body}`).digest('hex'),
      );
      expect(shown).not.toContain('private_marker');
      expect(inspect(error)).toContain('WebhookVerificationError');
    }
  });

  it('refuses an empty or non-string secret, and a parsed body, with a ConfigurationError', () => {
    const { body, header } = delivery();
    for (const bad of ['', [], ['tl-secret-kept-private', ''], 42, undefined, null]) {
      const error = configError(() => verifyTwelveLabsWebhook(body, header, bad as string, clock()));
      expect(everyRendering(error)).not.toContain('tl-secret-kept-private');
    }
    expect(configError(() => verify(JSON.parse(body) as string, header)).message).toContain(
      'raw request body',
    );
    configError(() => verify(body, header, { toleranceSeconds: -1 }));
    configError(() => verify(body, header, { toleranceSeconds: Number.NaN }));
    configError(() => verify(body, header, { maxBodyBytes: 0 }));
    configError(() => verify(body, header, { now: 5 as unknown as () => number }));
    configError(() => signTwelveLabsWebhook(body, ''));
    configError(() => signTwelveLabsWebhook(body, secret, 1.5));
  });
});
