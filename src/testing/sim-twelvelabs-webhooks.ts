import { createHmac, randomBytes } from 'node:crypto';
import { ConfigurationError } from '../errors/configuration-error.js';
import { isLoopbackHost } from '../transport/base-url.js';

/** The event to deliver: the simulator adds a fresh `id` (`whe_…`) and `created_at`. */
export interface TwelveLabsWebhookEventInit {
  /** E.g. `'index.task.ready'`, `'index.task.failed'`, `'analyze.task.ready'`, `'analyze.task.failed'`. */
  type: string;
  /** E.g. `{ id: '<task id>', status: 'ready', metadata: { duration: 30 } }`. */
  data: Record<string, unknown>;
}

/** Options of {@link sendTwelveLabsWebhook}. */
export interface SendTwelveLabsWebhookOptions {
  /** The signing secret the receiver verifies with. */
  secret: string;
  /** The signing time in Unix seconds, e.g. an old one to test replay protection. @default now */
  timestamp?: number | undefined;
  /** Flip one byte of the body after signing, so the signature no longer matches. @default false */
  tamper?: boolean | undefined;
}

// A receiver that hangs must not hold a test forever; TwelveLabs does not document its own limit.
const deliveryTimeoutMs = 5000;

/**
 * POSTs a signed TwelveLabs webhook to a receiver, as TwelveLabs does: a JSON body
 * `{ id, created_at, type, data }` and `TL-Signature: t=<seconds>,v1=<hex HMAC-SHA256 of "t.body">`
 * (docs.twelvelabs.io/docs/webhooks-notification-schema). It signs on its own rather than through
 * `signTwelveLabsWebhook`, so a test checks the verifier against a second implementation. Only
 * `http` URLs on a loopback host are accepted: a test can never make it POST to the internet.
 *
 * @param url The receiver, e.g. `http://127.0.0.1:PORT/hooks/twelvelabs`.
 * @param event The event type and data.
 * @param options The secret, the timestamp, and whether to tamper with the body.
 * @returns The receiver's HTTP status (a redirect is not followed).
 * @throws {ConfigurationError} For a URL that is not http on loopback, or an empty secret.
 * @example
 * ```ts no-run
 * const sim = await createSimulator()
 * const status = await sim.twelvelabs.sendWebhook(
 *   'http://127.0.0.1:8080/',
 *   { type: 'index.task.ready', data: { id: 'task_1', status: 'ready' } },
 *   { secret: 'test-webhook-secret' },
 * )
 * ```
 */
export async function sendTwelveLabsWebhook(
  url: string,
  event: TwelveLabsWebhookEventInit,
  options: SendTwelveLabsWebhookOptions,
): Promise<number> {
  const target = URL.canParse(url) ? new URL(url) : undefined;
  if (target?.protocol !== 'http:' || !isLoopbackHost(target.hostname)) {
    throw new ConfigurationError('The simulator delivers webhooks only to http URLs on a loopback host.');
  }
  const { secret, tamper = false } = options ?? {};
  if (typeof secret !== 'string' || secret === '') {
    throw new ConfigurationError('sendWebhook needs `secret`, a non-empty string.');
  }
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new ConfigurationError('sendWebhook: `timestamp` must be whole Unix seconds.');
  }
  const body = Buffer.from(
    JSON.stringify({
      id: `whe_${randomBytes(12).toString('hex')}`,
      created_at: new Date(timestamp * 1000).toISOString(),
      type: event.type,
      data: event.data,
    }),
  );
  const signature = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  if (tamper) {
    const middle = Math.floor(body.length / 2);
    body[middle] = (body[middle] ?? 0) ^ 0x01; // ASCII stays ASCII: only the signature breaks
  }
  const response = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'tl-signature': `t=${timestamp},v1=${signature}` },
    body,
    redirect: 'manual',
    signal: AbortSignal.timeout(deliveryTimeoutMs),
  });
  await response.body?.cancel();
  return response.status;
}
