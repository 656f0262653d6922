import { ApiError, type ApiErrorOptions } from './api-error.js';

/**
 * The resource does not exist, or the key cannot see it (404).
 *
 * @example
 * ```ts no-run
 * if (error instanceof NotFoundError) return undefined
 * ```
 */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError' as const;

  /**
   * @param message What happened and what to do; never the key.
   * @param options Status, code, request id, retryability and body.
   */
  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
  }
}
