import type { IncomingHttpHeaders } from 'node:http';
import type { FoundCredential } from './credentials.js';

/** A parsed request, as a simulated provider sees it. */
export interface SimRequest {
  method: string;
  url: URL;
  /** The path below the provider's base path, e.g. `indexes/abc`. */
  path: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown> | FormData | undefined;
  /** The first credential found (header, then query, then body). */
  credential: FoundCredential;
  /** Every credential found, in the same order; a provider picks the one place it reads. */
  credentials: FoundCredential[];
}

/** What a simulated provider answers. */
export interface SimResponse {
  status: number;
  /**
   * A streamed answer instead of `body`: each value written as one NDJSON line, `delayMs` apart;
   * with `breakAfter`, the connection is destroyed after that many lines (a stream that breaks).
   */
  stream?: { lines: unknown[]; delayMs?: number | undefined; breakAfter?: number | undefined } | undefined;
  /** JSON body; `undefined` for an empty answer. */
  body?: unknown | undefined;
  headers?: Record<string, string> | undefined;
}

/** The scenarios a TwelveLabs key can play. */
export type TwelveLabsKeyScenario = 'valid' | 'invalid' | 'expired' | 'forbidden' | 'rateLimited';
/** The scenarios a ModelsLab key can play. */
export type ModelsLabKeyScenario = 'valid' | 'invalid' | 'noCredits' | 'forbidden' | 'rateLimited';

/** How the simulated ModelsLab behaves: queueing, timing, webhooks and balances. */
export interface ModelsLabSimulatorOptions {
  /**
   * Seconds a `processing` answer gives as `eta`; `null` leaves `eta` out, as some ModelsLab
   * answers do.
   * @default 1
   */
  etaSeconds?: number | null | undefined;
  /**
   * How many `processing` answers a queued job gives (the first answer included) before the
   * fetch that finishes it.
   * @default the top-level `processingFetches`, else 1
   */
  processingFetches?: number | undefined;
  /**
   * Queued jobs one key may have processing at once; the next generation gets HTTP 429.
   * ModelsLab caps queued requests per account at 5, 10 or 15 by plan (docs.modelslab.com/rate-limits).
   * @default 5
   */
  queueLimit?: number | undefined;
  /** `retry_after` of the queue-full 429 body. @default 2 */
  queueRetryAfterSeconds?: number | undefined;
  /**
   * A queued job also finishes by itself after this many milliseconds, fetched or not; a
   * non-finite value turns that off.
   * @default 2000
   */
  jobMs?: number | undefined;
  /** How many times each webhook is delivered: ModelsLab says deliveries may repeat. @default 2 */
  webhookDeliveries?: number | undefined;
  /**
   * Which image fetch form is served: `v6/images/fetch/{id}` (`path`), `v6/images/fetch` with
   * `request_id` in the body (`request_id`), or both, as ModelsLab's docs show each.
   * @default 'both'
   */
  imageFetch?: 'path' | 'request_id' | 'both' | undefined;
  /** Wallet balance per key, overriding the default (25 for a valid key, 0 for `noCredits`). */
  balances?: Record<string, number> | undefined;
}

/** One webhook POST the simulated ModelsLab made. */
export interface WebhookDelivery {
  /** The webhook URL without its query string. */
  url: string;
  /** The receiver's status; 0 when the delivery failed or timed out. */
  status: number;
  /** The JSON delivered (never a key). */
  payload: unknown;
}
