import { redactedExcerpt } from '../transport/excerpt.js';
import { KeygateError, type KeygateErrorOptions } from './keygate-error.js';

// The body is already scrubbed by the transport; rendering only needs it bounded and acyclic.
const noSecrets: ReadonlySet<string> = new Set();

/** What an {@link ApiError} is built from. */
export interface ApiErrorOptions extends KeygateErrorOptions {
  /** The HTTP status of the response (200 for providers that report errors inside a 2xx body). */
  status: number;
  /** The provider's machine-readable code, e.g. `api_key_invalid`. */
  code?: string | undefined;
  /** The provider's request id, from the `x-request-id` family of headers. */
  requestId?: string | undefined;
  /** Whether sending the same request again may succeed. */
  retryable: boolean;
  /** The parsed response body, scrubbed of concealed secrets. */
  body?: unknown | undefined;
}

/**
 * The provider answered, and the answer is an error. Subclasses name the common cases; a
 * status they do not cover (e.g. 405, 408, 410) arrives as a plain `ApiError`.
 *
 * @example
 * ```ts no-run
 * if (isApiError(error) && error.retryable) scheduleRetry()
 * ```
 */
export class ApiError extends KeygateError {
  override name: string = 'ApiError';
  /** The HTTP status of the response. */
  readonly status: number;
  /** The provider's machine-readable code, when it gave one. */
  readonly code: string | undefined;
  /** The provider's request id, when it gave one: quote it to their support. */
  readonly requestId: string | undefined;
  /** Whether sending the same request again may succeed. */
  readonly retryable: boolean;
  /** The parsed response body (JSON, or text), scrubbed of concealed secrets. */
  body: unknown;

  /**
   * @param message What happened and what to do; never the key.
   * @param options Status, code, request id, retryability and body.
   */
  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
    this.status = options.status;
    this.code = options.code;
    this.requestId = options.requestId;
    this.retryable = options.retryable;
    this.body = options.body;
  }

  /**
   * The safe fields, for logs and `JSON.stringify`. `body` is a bounded, JSON-safe copy (see
   * `redactedExcerpt`): a deep, cyclic or BigInt-holding body cannot make rendering throw.
   *
   * @returns A plain object of safe fields.
   */
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      code: this.code,
      requestId: this.requestId,
      retryable: this.retryable,
      body: redactedExcerpt(this.body, noSecrets),
    };
  }
}
