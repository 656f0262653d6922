import { ApiError, type ApiErrorOptions } from './api-error.js';

/**
 * What ran out: `rate` for requests per period (the usual 429), `queue` for a provider's cap on
 * jobs queued at once (ModelsLab: 5, 10 or 15 by plan), which frees up as queued jobs finish.
 */
export type RateLimitReason = 'rate' | 'queue';

/** What a {@link RateLimitError} is built from. */
export interface RateLimitErrorOptions extends ApiErrorOptions {
  /** How long the provider asked to wait, from `retry-after-ms`, `Retry-After` or the body. */
  retryAfterMs?: number | undefined;
  /** The `x-ratelimit-*` / `ratelimit-*` headers of the response, lower-cased. */
  rateLimit?: Record<string, string> | undefined;
  /** What ran out. @default 'rate' */
  reason?: RateLimitReason | undefined;
}

/**
 * Too many requests (429, or a provider's rate/queue message in a 2xx body). keygate has already
 * retried as far as `maxRetries` allowed; `retryAfterMs` says how long the provider asked to wait.
 *
 * @example
 * ```ts no-run
 * if (error instanceof RateLimitError) await sleep(error.retryAfterMs ?? 1_000)
 * ```
 */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError' as const;
  /** How long the provider asked to wait before the next call, in milliseconds. */
  readonly retryAfterMs: number | undefined;
  /** The rate-limit headers the response carried (`x-ratelimit-remaining`...), lower-cased. */
  readonly rateLimit: Record<string, string>;
  /** What ran out: `rate` (requests per period) or `queue` (too many jobs queued at once). */
  readonly reason: RateLimitReason;

  /**
   * @param message What happened and what to do; never the key.
   * @param options The {@link ApiError} fields, the wait and the rate-limit headers.
   */
  constructor(message: string, options: RateLimitErrorOptions) {
    super(message, options);
    this.retryAfterMs = options.retryAfterMs;
    this.rateLimit = options.rateLimit ?? {};
    this.reason = options.reason ?? 'rate';
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      retryAfterMs: this.retryAfterMs,
      rateLimit: this.rateLimit,
      reason: this.reason,
    };
  }
}
