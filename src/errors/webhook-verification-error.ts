import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/**
 * Why a webhook delivery was refused:
 * - `missing_token`: the URL has no `kg_token` / `kg_track` query parameters.
 * - `bad_token`: the token is not the one keygate made for that track id.
 * - `track_mismatch`: the payload's `track_id` is not the one the token was made for.
 * - `body_too_large`: the body is over `maxBodyBytes`.
 * - `malformed_payload`: the body is not UTF-8 JSON of a documented shape.
 */
export type WebhookVerificationReason =
  | 'missing_token'
  | 'bad_token'
  | 'track_mismatch'
  | 'body_too_large'
  | 'malformed_payload';

/** What a {@link WebhookVerificationError} is built from. */
export interface WebhookVerificationErrorOptions extends KeygateErrorOptions {
  /** Why the delivery was refused. */
  reason: WebhookVerificationReason;
}

// The status a receiver should answer with: 401 says "not from us", 413 and 400 say "this body
// will never be accepted", so a well-behaved sender stops retrying.
const httpStatusFor: Record<WebhookVerificationReason, 401 | 413 | 400> = {
  missing_token: 401,
  bad_token: 401,
  track_mismatch: 401,
  body_too_large: 413,
  malformed_payload: 400,
};

/**
 * A webhook delivery was refused: it did not prove it came from a URL keygate made, or its body
 * was too large or of an unknown shape. The message never holds the secret, the token or the body.
 *
 * @example
 * ```ts no-run
 * if (error instanceof WebhookVerificationError) response.writeHead(error.httpStatus).end()
 * ```
 */
export class WebhookVerificationError extends KeygateError {
  override name = 'WebhookVerificationError' as const;
  /** Why the delivery was refused. */
  readonly reason: WebhookVerificationReason;
  /** The status to answer the sender with: 401 for token reasons, 413 for size, 400 for the payload. */
  readonly httpStatus: 401 | 413 | 400;

  /**
   * @param message What happened and what to do; never the secret, the token or the body.
   * @param options The provider and the reason.
   */
  constructor(message: string, options: WebhookVerificationErrorOptions) {
    super(message, options);
    this.reason = options.reason;
    this.httpStatus = httpStatusFor[options.reason];
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason, httpStatus: this.httpStatus };
  }
}
