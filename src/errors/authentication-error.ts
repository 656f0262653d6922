import { ApiError, type ApiErrorOptions } from './api-error.js';

/**
 * The provider rejected the API key (401): missing, invalid, revoked or expired.
 *
 * @example
 * ```ts no-run
 * if (error instanceof AuthenticationError) alertOnCall('rotate the API key')
 * ```
 */
export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError' as const;

  /**
   * @param message What happened and what to do; never the key.
   * @param options Status, code, request id, retryability and body.
   */
  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
  }
}
