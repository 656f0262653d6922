import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TwelveLabsWebhookEvent } from '../../providers/twelvelabs/webhook-schemas.js';
import { verifyTwelveLabsWebhook } from '../../providers/twelvelabs/webhooks.js';
import { ConfigurationError } from '../../src/errors/configuration-error.js';
import { WebhookVerificationError } from '../../src/errors/webhook-verification-error.js';
import { createSimulator, type Simulator } from '../../src/testing/index.js';

// A fake secret: never a real one in tests.
const secret = 'tl-sim-webhook-secret-9a8b7c';

let sim: Simulator;
let receiver: http.Server;
let url: string;
const received: TwelveLabsWebhookEvent[] = [];
const refusals: string[] = [];

beforeAll(async () => {
  sim = await createSimulator();
  // A receiver as in the @example of verifyTwelveLabsWebhook: the raw body, capped, and the header.
  receiver = http.createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > 1_048_576) break;
    }
    try {
      received.push(verifyTwelveLabsWebhook(Buffer.concat(chunks), request.headers['tl-signature'], secret));
      response.writeHead(200).end();
    } catch (error) {
      if (error instanceof WebhookVerificationError) refusals.push(error.reason);
      response.writeHead(error instanceof WebhookVerificationError ? error.httpStatus : 500).end();
    }
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/twelvelabs`;
});

afterAll(async () => {
  await sim.close();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('simulated TwelveLabs: sendWebhook', () => {
  it('delivers a signed event that a node:http receiver verifies (200)', async () => {
    const before = Date.now();
    const status = await sim.twelvelabs.sendWebhook(
      url,
      { type: 'index.task.ready', data: { id: 'task_1', status: 'ready', metadata: { duration: 30 } } },
      { secret },
    );
    expect(status).toBe(200);
    const event = received.at(-1);
    expect(event).toMatchObject({
      type: 'index.task.ready',
      data: { id: 'task_1', status: 'ready', metadata: { duration: 30 } },
    });
    expect(event?.id).toMatch(/^whe_[0-9a-f]{24}$/);
    expect(Date.parse(event?.created_at ?? '')).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });

  it('gives each delivery a fresh id', async () => {
    const event = { type: 'analyze.task.ready', data: { id: 'task_a', custom_id: 'item-1' } };
    await sim.twelvelabs.sendWebhook(url, event, { secret });
    await sim.twelvelabs.sendWebhook(url, event, { secret });
    const [first, second] = received.slice(-2);
    expect(first?.id).not.toBe(second?.id);
  });

  it('is refused (401) when tampered, signed with another secret, or too old', async () => {
    const event = { type: 'index.task.failed', data: { id: 'task_2', status: 'failed' } };
    const count = received.length;
    expect(await sim.twelvelabs.sendWebhook(url, event, { secret, tamper: true })).toBe(401);
    expect(await sim.twelvelabs.sendWebhook(url, event, { secret: 'another-secret' })).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 600;
    expect(await sim.twelvelabs.sendWebhook(url, event, { secret, timestamp: old })).toBe(401);
    expect(refusals.slice(-3)).toEqual(['bad_signature', 'bad_signature', 'timestamp_out_of_tolerance']);
    expect(received).toHaveLength(count);
  });

  it('returns the status of a receiver that answers otherwise, without following a redirect', async () => {
    const other = http.createServer((_request, response) => {
      response.writeHead(302, { location: 'https://example.com/' }).end();
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = (other.address() as AddressInfo).port;
      const event = { type: 'index.task.ready', data: { id: 't' } };
      expect(await sim.twelvelabs.sendWebhook(`http://127.0.0.1:${port}/`, event, { secret })).toBe(302);
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('posts only to http URLs on a loopback host, and needs a secret', async () => {
    const event = { type: 'index.task.ready', data: { id: 't' } };
    for (const target of [
      'https://example.com/hook',
      'http://example.com/hook',
      'https://127.0.0.1/',
      'nope',
    ]) {
      await expect(sim.twelvelabs.sendWebhook(target, event, { secret })).rejects.toBeInstanceOf(
        ConfigurationError,
      );
    }
    await expect(sim.twelvelabs.sendWebhook(url, event, { secret: '' })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
    await expect(sim.twelvelabs.sendWebhook(url, event, { secret, timestamp: -5 })).rejects.toBeInstanceOf(
      ConfigurationError,
    );
  });
});
