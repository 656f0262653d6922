import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

/**
 * Why a webhook delivery was refused:
 * - `missing_token`: the URL has no `kg_token` / `kg_track` query parameters (ModelsLab).
 * - `bad_token`: the token is not the one keygate made for that track id (ModelsLab).
 * - `track_mismatch`: the payload's `track_id` is not the one the token was made for (ModelsLab).
 * - `missing_signature`: the signature header is absent or empty (TwelveLabs `TL-Signature`).
 * - `malformed_signature`: the signature header is not `t=<seconds>,v1=<hex>` (TwelveLabs).
 * - `bad_signature`: no signature in the header matches the body and secret (TwelveLabs).
 * - `timestamp_out_of_tolerance`: the signed timestamp is too far from the clock (TwelveLabs).
 * - `body_too_large`: the body is over `maxBodyBytes`.
 * - `malformed_payload`: the body is not UTF-8 JSON of a documented shape.
 */
export type WebhookVerificationReason =
  | 'missing_token'
  | 'bad_token'
  | 'track_mismatch'
  | 'missing_signature'
  | 'malformed_signature'
  | 'bad_signature'
  | 'timestamp_out_of_tolerance'
  | 'body_too_large'
  | 'malformed_payload';

/** What a {@link WebhookVerificationError} is built from. */
export interface WebhookVerificationErrorOptions extends KeygateErrorOptions {
  /** Why the delivery was refused. */
  reason: WebhookVerificationReason;
}

// The status a receiver should answer with: 401 says "not from us", 413 and 400 say "this body
// will never be accepted", so a well-behaved sender stops retrying. A missing or malformed
// signature header is a malformed request (400); one that does not verify, or a replay, is 401.
const httpStatusFor: Record<WebhookVerificationReason, 401 | 413 | 400> = {
  missing_token: 401,
  bad_token: 401,
  track_mismatch: 401,
  missing_signature: 400,
  malformed_signature: 400,
  bad_signature: 401,
  timestamp_out_of_tolerance: 401,
  body_too_large: 413,
  malformed_payload: 400,
};

/**
 * A webhook delivery was refused: it did not prove where it came from (a URL keygate made, or a
 * valid provider signature), or its body was too large or of an unknown shape. The message never
 * holds the secret, the token, a signature or the body.
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
  /**
   * The status to answer the sender with: 401 for token, signature and timestamp reasons, 413 for
   * size, 400 for a missing or malformed signature header and for the payload.
   */
  readonly httpStatus: 401 | 413 | 400;

  /**
   * @param message What happened and what to do; never the secret, the token, a signature or the body.
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
