import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createModelsLabWebhookHandler,
  type ModelsLabWebhookHandlerOptions,
} from '../../../providers/modelslab/webhooks.js';
import { ConfigurationError } from '../../../src/errors/configuration-error.js';
import { WebhookVerificationError } from '../../../src/errors/webhook-verification-error.js';
import { everyRendering } from '../../helpers/secrets.js';

// A fake secret: never a real one in tests.
const secret = 'test-webhook-secret-0123456789abcdef';
const url = 'https://example.com/hooks/modelslab';
const make = (options: Partial<ModelsLabWebhookHandlerOptions> = {}) =>
  createModelsLabWebhookHandler({ secret, url, ...options });

// The payloads of https://docs.modelslab.com/webhooks (ModelsLab/docs-v2 webhooks.mdx).
const success = (track_id = 'video_001') => ({
  status: 'success',
  id: 'abc123-def456',
  output: ['https://cdn.example/abc123.mp4'],
  generationTime: 45.2,
  track_id,
  meta: { seed: 7 },
});
const failure = (track_id = 'video_001') => ({
  status: 'failed',
  id: 'abc123-def456',
  messege: 'Processing failed: Invalid input dimensions',
  track_id,
});

/** What a node:http server sees: the path and query, and the raw body. */
const delivery = (webhook: string, payload: unknown) => {
  const { pathname, search } = new URL(webhook);
  return { url: pathname + search, body: typeof payload === 'string' ? payload : JSON.stringify(payload) };
};

async function refusal(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WebhookVerificationError);
  return error as WebhookVerificationError;
}

describe('createModelsLabWebhookHandler', () => {
  it('README example: a node:http server answers 200 to a delivery and to its repeat', async () => {
    const webhooks = createModelsLabWebhookHandler({ secret, url: 'http://127.0.0.1/modelslab' });
    const seen: Array<{ duplicate: boolean; status: string }> = [];
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
        const { duplicate, event } = await webhooks.handle({
          url: request.url ?? '/',
          body: Buffer.concat(chunks),
        });
        seen.push({ duplicate, status: event.status });
        response.writeHead(200).end();
      } catch (error) {
        response.writeHead(error instanceof WebhookVerificationError ? error.httpStatus : 500).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { webhook, track_id } = webhooks.target('job-1');
      const to = new URL(webhook);
      to.port = String(port);
      const post = () => fetch(to, { method: 'POST', body: JSON.stringify(success(track_id)) });
      expect((await post()).status).toBe(200);
      expect((await post()).status).toBe(200);
      to.searchParams.set('kg_token', 'forged');
      expect((await post()).status).toBe(401);
      expect(seen).toEqual([
        { duplicate: false, status: 'success' },
        { duplicate: true, status: 'success' },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('target() gives a unique track id and a webhook URL with kg_track and kg_token', () => {
    const webhooks = make();
    const a = webhooks.target();
    const b = webhooks.target();
    expect(a.track_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.track_id).not.toBe(b.track_id);
    const params = new URL(a.webhook).searchParams;
    expect(a.webhook.startsWith(`${url}?`)).toBe(true);
    expect(params.get('kg_track')).toBe(a.track_id);
    expect(params.get('kg_token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('kg_token')).not.toBe(new URL(b.webhook).searchParams.get('kg_token'));
    // Stateless: another handler with the same secret (after a restart) makes the same token.
    expect(make().target(a.track_id).webhook).toBe(a.webhook);
    expect(webhooks.target('video_001').track_id).toBe('video_001');
    expect(new URL(make({ url: `${url}?tenant=a` }).target('x').webhook).searchParams.get('tenant')).toBe(
      'a',
    );
  });

  it('refuses a short secret, an unsafe URL and a bad track id without showing the secret', () => {
    const short = 'short-secret-value';
    for (const build of [
      () => make({ secret: short }),
      () => make({ url: 'http://example.com/hook' }),
      () => make({ url: 'not a url' }),
      () => make({ url: `${url}?kg_token=x` }),
      () => make({ maxBodyBytes: 0 }),
      () => make().target('has spaces'),
      () => make().target('x'.repeat(101)),
    ]) {
      expect(build).toThrow(ConfigurationError);
    }
    try {
      make({ secret: short });
    } catch (error) {
      expect(everyRendering(error)).not.toContain(short);
    }
    expect(() => make({ url: 'http://localhost:3000/hook' })).not.toThrow();
    expect(() => make({ url: 'http://[::1]:3000/hook' })).not.toThrow();
  });

  it('accepts a success delivery as a typed event, unknown fields kept', async () => {
    const webhooks = make();
    const { webhook, track_id } = webhooks.target('video_001');
    const result = await webhooks.handle(delivery(webhook, { ...success(track_id), extra: 1 }));
    expect(result.duplicate).toBe(false);
    expect(result.event).toMatchObject({ ...success(), extra: 1 });
    if (result.event.status !== 'success') throw new Error('expected a success');
    expect(result.event.output).toEqual(['https://cdn.example/abc123.mp4']);
  });

  it('accepts a failure with the legacy "messege" spelling, status "error" and a numeric id', async () => {
    const webhooks = make();
    const { webhook, track_id } = webhooks.target();
    const { event } = await webhooks.handle(delivery(webhook, failure(track_id)));
    expect(event).toMatchObject({ status: 'failed', message: 'Processing failed: Invalid input dimensions' });

    const other = webhooks.target();
    const bare = await webhooks.handle(
      delivery(other.webhook, { status: 'error', id: 42, track_id: other.track_id }),
    );
    expect(bare.event).toMatchObject({ status: 'error', id: 42, message: 'The generation failed.' });
  });

  it('refuses a delivery without the track_id its URL was made for (a leaked URL cannot forge other jobs)', async () => {
    const webhooks = make();
    const { webhook } = webhooks.target();
    const error = await webhooks
      .handle(delivery(webhook, { status: 'success', id: 9, output: ['https://cdn.example/forged.png'] }))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'WebhookVerificationError',
      reason: 'track_mismatch',
      httpStatus: 401,
    });
  });

  it('reports a repeated delivery as duplicate, by track_id and job id', async () => {
    const webhooks = make();
    const { webhook, track_id } = webhooks.target();
    const first = await webhooks.handle(delivery(webhook, success(track_id)));
    const again = await webhooks.handle(delivery(webhook, success(track_id)));
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect(again.event).toEqual(first.event);

    // A job started again under the same track_id is a new job: its delivery is not a repeat.
    const rerun = { ...success(track_id), id: 'rerun-2' };
    expect((await webhooks.handle(delivery(webhook, rerun))).duplicate).toBe(false);
    expect((await webhooks.handle(delivery(webhook, rerun))).duplicate).toBe(true);
  });

  it('reads a WHATWG Request', async () => {
    const webhooks = make();
    const { webhook, track_id } = webhooks.target();
    const request = new Request(webhook, { method: 'POST', body: JSON.stringify(success(track_id)) });
    expect((await webhooks.handle(request)).event.track_id).toBe(track_id);
  });

  it.each([
    ['no token', (w: string) => w.replace(/&kg_token=[^&]*/, ''), 'missing_token'],
    ['no track', (w: string) => w.replace(/kg_track=[^&]*&/, ''), 'missing_token'],
    ['no query', (w: string) => w.split('?')[0] ?? '', 'missing_token'],
    ['a forged token', (w: string) => w.replace(/kg_token=[^&]*/, `kg_token=${'A'.repeat(43)}`), 'bad_token'],
    ['a token of the wrong length', (w: string) => w.replace(/kg_token=[^&]*/, 'kg_token=abc'), 'bad_token'],
    [
      'another track id in the URL',
      (w: string) => w.replace(/kg_track=[^&]*/, 'kg_track=other'),
      'bad_token',
    ],
    ['two tokens', (w: string) => `${w}&kg_token=x`, 'bad_token'],
  ])('refuses %s with 401', async (_, edit, reason) => {
    const webhooks = make();
    const { webhook, track_id } = webhooks.target('job-7');
    const error = await refusal(webhooks.handle(delivery(edit(webhook), success(track_id))));
    expect([error.reason, error.httpStatus]).toEqual([reason, 401]);
  });

  it('refuses a valid URL carrying another job’s track_id (tampered payload) with 401', async () => {
    const webhooks = make();
    const { webhook } = webhooks.target('job-7');
    const error = await refusal(webhooks.handle(delivery(webhook, success('job-8'))));
    expect([error.reason, error.httpStatus]).toEqual(['track_mismatch', 401]);
  });

  it('refuses a body over maxBodyBytes with 413, cancelling a streamed Request body', async () => {
    const webhooks = make({ maxBodyBytes: 64 });
    const { webhook, track_id } = webhooks.target();
    const big = JSON.stringify({ ...success(track_id), pad: 'x'.repeat(100) });
    const raw = await refusal(webhooks.handle(delivery(webhook, big)));
    expect([raw.reason, raw.httpStatus]).toEqual(['body_too_large', 413]);

    let cancelled = false;
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(32));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(webhook, { method: 'POST', body: endless, duplex: 'half' } as RequestInit);
    expect((await refusal(webhooks.handle(request))).reason).toBe('body_too_large');
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });

  it.each([
    ['not JSON', '{"status":', 'malformed_payload'],
    ['output not an array', { ...success(), output: 'https://cdn.example/a.mp4' }, 'output'],
    ['an unknown status', { ...success(), status: 'processing' }, 'status'],
    ['no id', { status: 'success', output: [] }, 'id'],
    ['a JSON array', [1, 2], 'malformed_payload'],
  ])('refuses %s with 400, naming the field and not the value', async (_, payload, field) => {
    const webhooks = make();
    const { webhook } = webhooks.target('video_001');
    const error = await refusal(webhooks.handle(delivery(webhook, payload)));
    expect([error.reason, error.httpStatus]).toEqual(['malformed_payload', 400]);
    if (field !== 'malformed_payload') expect(error.message).toContain(`"${field}"`);
    expect(error.message).not.toContain('cdn.example');
    // A refused delivery is not remembered: the good one is still new.
    expect((await webhooks.handle(delivery(webhook, success()))).duplicate).toBe(false);
  });

  it('never shows the secret, the token or the body in a refusal', async () => {
    const webhooks = make();
    const { webhook, track_id } = webhooks.target();
    const token = new URL(webhook).searchParams.get('kg_token') ?? '';
    const errors = [
      await refusal(webhooks.handle(delivery(webhook, success('another-job')))),
      await refusal(webhooks.handle(delivery(webhook.replace(track_id, 'x'), success('x')))),
      await refusal(
        webhooks.handle(delivery(webhook, { ...success(track_id), output: `${secret}-${token}` })),
      ),
    ];
    for (const error of errors) {
      const shown = everyRendering(error);
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(token);
      expect(shown).not.toContain('abc123.mp4');
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({
        reason: error.reason,
        httpStatus: error.httpStatus,
      });
    }
    expect(inspect(webhooks, { showHidden: true, depth: 10 })).not.toContain(secret);
  });

  it('remembers at most maxEntries deliveries, forgetting the oldest first', async () => {
    const webhooks = make({ dedupe: { maxEntries: 2 } });
    const send = (track: string) => webhooks.handle(delivery(webhooks.target(track).webhook, success(track)));
    expect((await send('a')).duplicate).toBe(false);
    expect((await send('b')).duplicate).toBe(false);
    expect((await send('c')).duplicate).toBe(false); // evicts a
    expect((await send('c')).duplicate).toBe(true);
    expect((await send('a')).duplicate).toBe(false); // a was forgotten; evicts b
    expect((await send('c')).duplicate).toBe(true);
  });

  it('forgets a delivery after ttlMs (injectable clock)', async () => {
    let now = 1_000;
    const webhooks = make({ dedupe: { ttlMs: 60_000 }, now: () => now });
    const { webhook, track_id } = webhooks.target();
    const send = () => webhooks.handle(delivery(webhook, success(track_id)));
    expect((await send()).duplicate).toBe(false);
    now += 59_999;
    expect((await send()).duplicate).toBe(true);
    now += 1;
    expect((await send()).duplicate).toBe(false);
  });
});
