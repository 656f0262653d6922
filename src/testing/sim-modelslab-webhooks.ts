import type { WebhookDelivery } from './sim-types.js';

/** Where and how to tell a caller that a job finished (docs.modelslab.com/webhooks). */
export interface WebhookTarget {
  url: string;
  /** The caller's `track_id`, echoed in every delivery; `null` when none was sent. */
  trackId: unknown;
}

const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);
// A receiver that hangs must not hold a delivery forever; ModelsLab does not document its own limit.
const deliveryTimeoutMs = 5000;

/**
 * Reads `webhook` and `track_id` from a generation body. The simulator only calls loopback
 * hosts, so a test can never make it POST to the internet.
 *
 * @param body The generation body.
 * @returns No webhook, the target, or the error message for a refused URL.
 */
export function readWebhook(body: Record<string, unknown>): WebhookTarget | { error: string } | undefined {
  const { webhook } = body;
  if (webhook === undefined || webhook === null || webhook === '') return undefined;
  const url = typeof webhook === 'string' && URL.canParse(webhook) ? new URL(webhook) : undefined;
  if (url?.protocol !== 'http:' || !loopbackHosts.has(url.hostname))
    return { error: 'The simulator delivers webhooks only to http URLs on a loopback host.' };
  return { url: url.href, trackId: body.track_id ?? null };
}

/** Posts webhooks fire-and-forget and records each delivery. */
export class WebhookSender {
  /** Every delivery made, in the order they ended. */
  readonly deliveries: WebhookDelivery[] = [];
  readonly #times: number;

  /** @param times How many times each webhook is delivered. */
  constructor(times: number) {
    this.#times = times;
  }

  /**
   * Delivers `payload` to `url` the configured number of times, without waiting.
   *
   * @param url The webhook URL (loopback, checked by {@link readWebhook}).
   * @param payload The JSON to post; it never holds a key.
   */
  send(url: string, payload: unknown): void {
    const recorded = new URL(url);
    recorded.search = '';
    for (let i = 0; i < this.#times; i++) {
      void fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(deliveryTimeoutMs),
      })
        .then(async (response) => {
          await response.body?.cancel();
          return response.status;
        })
        .catch(() => 0)
        .then((status) => {
          this.deliveries.push({ url: recorded.href, status, payload });
        });
    }
  }
}
