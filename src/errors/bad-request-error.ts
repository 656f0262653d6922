import { ApiError, type ApiErrorOptions } from './api-error.js';

/**
 * The provider refused the request as malformed or conflicting (400, 409, 422).
 *
 * @example
 * ```ts no-run
 * if (error instanceof BadRequestError) showValidationProblem(error.body)
 * ```
 */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError' as const;

  /**
   * @param message What happened and what to do; never the key.
   * @param options Status, code, request id, retryability and body.
   */
  constructor(message: string, options: ApiErrorOptions) {
    super(message, options);
  }
}
