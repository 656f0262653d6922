import { ApiError, type ApiErrorOptions } from './api-error.js';

/**
 * The provider failed (5xx). Usually retryable; keygate already retried idempotent calls.
 *
 * @example
 * ```ts no-run
 * if (error instanceof ServerError) retryLater()
 * ```
 */
export class ServerError extends ApiError {
  // GenerationFailedError, its subclass, has its own name.
  override name: 'ServerError' | 'GenerationFailedError' = 'ServerError';

  /**
   * @param message What happened and what to do; never the key.
   * @param options Status, code, request id, retryability and body.
   */
  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
  }
}
