import { ApiError, type ApiErrorOptions } from './api-error.js';

/**
 * The account has no credits or balance left for this call (402).
 *
 * @example
 * ```ts no-run
 * if (error instanceof InsufficientCreditsError) pauseJobsUntilTopUp()
 * ```
 */
export class InsufficientCreditsError extends ApiError {
  override name = 'InsufficientCreditsError' as const;

  /**
   * @param message What happened and what to do; never the key.
   * @param options Status, code, request id, retryability and body.
   */
  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
  }
}
